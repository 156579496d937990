#!/usr/bin/env python3
"""Peak anonymous memory of a command: `peak.py CMD...` runs CMD (output
discarded), samples /proc/PID/status every 5 ms, and prints the largest
RssAnon seen, in KiB. Unlike the peak resident size, this leaves out
file-backed pages such as memory-mapped git pack files, which the kernel can
drop at any time. Sampling can miss a peak shorter than the interval."""

import subprocess
import sys
import time


def rss_anon(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def main():
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while p.poll() is None:
        peak = max(peak, rss_anon(p.pid))
        time.sleep(0.005)
    if p.returncode != 0:
        sys.exit(f"peak.py: {' '.join(sys.argv[1:])} exited with {p.returncode}")
    print(peak)


if __name__ == "__main__":
    main()
