// The Actual Budget half of bench/peer/run.sh.
//
//   node import.mjs import <statement.csv> <result.json> <dataDir> <rows> [startedFile]
//   node import.mjs count <dataDir>
//
// import: a new local budget in dataDir (no server, no sync), one on-budget
// account, then the statement's rows through the API's importTransactions —
// the server handler ("transactions-import": reconcile, then add) that
// Actual's own CSV import dialog calls, given rows shaped as that dialog
// shapes them (date, payee_name, amount in integer cents, cleared). The
// clock runs from the call to the count of the account's transactions read
// back afterwards. count: the transactions stored in the budget of dataDir
// so far (run.sh calls it when the import was cut by its time limit).
//
// @actual-app/api resolves from ACTUAL_MODULES (the folder run.sh installed
// it in), so node_modules never enter the repository.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const modules = process.env.ACTUAL_MODULES;
if (!modules) {
  console.error('ACTUAL_MODULES must name the folder @actual-app/api is installed in');
  process.exit(2);
}
const require = createRequire(join(modules, 'package.json'));

// parseCSV reads the statement: a header, then Date,Description,Amount
// (RFC 4180 quoting).
function parseCSV(text) {
  const records = [];
  let field = '', record = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n') { record.push(field); records.push(record); record = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}

// cents turns "-12.34" into -1234 without floating point.
function cents(s) {
  const neg = s.startsWith('-');
  const [units, frac = ''] = s.replace(/^[-+]/, '').split('.');
  const v = Number(units) * 100 + Number((frac + '00').slice(0, 2));
  return neg ? -v : v;
}

async function importStatement(csvPath, outPath, dataDir, rows, startedFile) {
  const api = require('@actual-app/api');
  const version = JSON.parse(readFileSync(join(modules, 'node_modules/@actual-app/api/package.json'), 'utf8')).version;
  const [header, ...records] = parseCSV(readFileSync(csvPath, 'utf8'));
  if (header.join(',') !== 'Date,Description,Amount') throw new Error(`unexpected header ${header}`);
  const transactions = records.map(([date, description, amount]) => ({
    date, payee_name: description, amount: cents(amount), cleared: true,
  }));

  const actual = await api.init({ dataDir });
  await actual.send('create-budget', { budgetName: 'Peer bench', avoidUpload: true });
  const account = await api.createAccount({ name: 'Peer checking', offbudget: false }, 0);

  const start = process.hrtime.bigint();
  // When the clock started, for run.sh's partial rate if the time limit cuts the import.
  if (startedFile) writeFileSync(startedFile, String(Date.now()));
  const answer = await api.importTransactions(account, transactions, { defaultCleared: true });
  const stored = (await api.getTransactions(account, '1900-01-01', '2999-12-31')).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await api.shutdown();

  if (answer.errors?.length) throw new Error(`importTransactions: ${JSON.stringify(answer.errors)}`);
  const result = {
    system: 'actual', version: `@actual-app/api ${version}`,
    method: 'importTransactions(account, rows, {defaultCleared: true}) in one call — the "transactions-import" handler (reconcile, then add) of Actual\'s CSV import dialog — into a new local budget (no server); then getTransactions for the count',
    rows, stored, seconds, rows_per_second: stored / seconds, complete: stored === rows,
    notes: `importTransactions answered ${answer.added?.length ?? 0} added, ${answer.updated?.length ?? 0} updated`,
  };
  writeFileSync(outPath, JSON.stringify(result, null, 2) + '\n');
}

// countStored reads the budget's SQLite file directly (read-only): the
// API's own process is the one that was stopped.
function countStored(dataDir) {
  const Database = require('better-sqlite3');
  let n = 0;
  for (const dir of readdirSync(dataDir)) {
    const file = join(dataDir, dir, 'db.sqlite');
    if (!existsSync(file)) continue;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    n += db.prepare('SELECT COUNT(*) AS n FROM transactions WHERE tombstone = 0 AND isParent = 0').get().n;
    db.close();
  }
  return n;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'import') {
  await importStatement(args[0], args[1], args[2], Number(args[3]), args[4]);
  process.exit(0);
} else if (mode === 'count') {
  console.log(countStored(args[0]));
} else {
  console.error('usage: node import.mjs import <csv> <out.json> <dataDir> <rows> | count <dataDir>');
  process.exit(2);
}
