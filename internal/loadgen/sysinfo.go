package loadgen

import (
	"bufio"
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Machine describes where the figures were measured.
type Machine struct {
	CPUs            int     `json:"cpus"`
	CPUModel        string  `json:"cpu_model"`
	MemoryGiB       float64 `json:"memory_gib"`
	GoVersion       string  `json:"go_version"`
	PostgresVersion string  `json:"postgres_version,omitempty"`
	Kernel          string  `json:"kernel"`
	LoadAvgStart    string  `json:"loadavg_start"`
}

// DescribeMachine reads the machine's description from /proc (and the
// PostgreSQL server's version when pgURL is set).
func DescribeMachine(ctx context.Context, pgURL string) Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), LoadAvgStart: LoadAvg()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if kb := meminfo("MemTotal"); kb > 0 {
		m.MemoryGiB = float64(kb) / (1 << 20)
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if pgURL != "" {
		if conn, err := pgx.Connect(ctx, pgURL); err == nil {
			_ = conn.QueryRow(ctx, `SELECT version()`).Scan(&m.PostgresVersion)
			conn.Close(ctx)
		}
	}
	return m
}

func meminfo(key string) int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && k == key {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// LoadAvg is the 1, 5 and 15-minute load average.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// Memory is a process's resident memory.
type Memory struct {
	RSS  int64 `json:"rss_bytes"`  // now
	Peak int64 `json:"peak_bytes"` // high-water mark
}

// MemoryOf reads a process's resident set size from /proc.
func MemoryOf(pid int) Memory {
	if pid <= 0 {
		return Memory{}
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return Memory{}
	}
	var m Memory
	for _, l := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			m.RSS = n << 10
		case "VmHWM":
			m.Peak = n << 10
		}
	}
	return m
}

// clockTicks is USER_HZ, 100 on every Linux this runs on.
const clockTicks = 100

// CPUSnapshot is CPU time used so far, by the machine and by processes.
type CPUSnapshot struct {
	at         time.Time
	busy, all  uint64 // machine, in ticks
	procs      map[int]uint64
	processIDs []int
}

// TakeCPU reads the machine's and the given processes' CPU time.
func TakeCPU(pids ...int) CPUSnapshot {
	s := CPUSnapshot{at: time.Now(), procs: map[int]uint64{}, processIDs: pids}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		f := strings.Fields(line)
		for i, v := range f[1:] {
			n, _ := strconv.ParseUint(v, 10, 64)
			if i >= 8 { // guest time is already in user time
				break
			}
			s.all += n
			if i != 3 && i != 4 { // idle, iowait
				s.busy += n
			}
		}
	}
	for _, pid := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue
		}
		rest := string(b)
		if i := strings.LastIndexByte(rest, ')'); i >= 0 {
			rest = rest[i+1:]
		}
		f := strings.Fields(rest) // f[0] is field 3 (state)
		if len(f) > 12 {
			u, _ := strconv.ParseUint(f[11], 10, 64)
			k, _ := strconv.ParseUint(f[12], 10, 64)
			s.procs[pid] = u + k
		}
	}
	return s
}

// CPUUsage is CPU used over an interval, in cores (1.0 = one core busy).
type CPUUsage struct {
	Machine   float64         `json:"machine_cores"`           // every process of the machine
	Processes map[int]float64 `json:"process_cores,omitempty"` // by process id
}

// Since is the CPU used between an earlier snapshot and s.
func (s CPUSnapshot) Since(earlier CPUSnapshot) CPUUsage {
	u := CPUUsage{Processes: map[int]float64{}}
	secs := s.at.Sub(earlier.at).Seconds()
	if secs <= 0 {
		return u
	}
	if s.all > earlier.all {
		u.Machine = float64(s.busy-earlier.busy) / float64(s.all-earlier.all) * float64(runtime.NumCPU())
	}
	for pid, t := range s.procs {
		if t0, ok := earlier.procs[pid]; ok && t >= t0 {
			u.Processes[pid] = float64(t-t0) / clockTicks / secs
		}
	}
	return u
}
