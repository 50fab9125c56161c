package com.lambda.tracing.hook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident set size and CPU time (user + system, all threads, 10 ms ticks) of the current process from Linux
 * /proc, plus heap in use, as one parseable line.
 */
final class ProcMemory {
    static final String PREFIX = "bench-memory ";

    private ProcMemory() {
    }

    /** {@code bench-memory hwmKb=N cpuMs=N heapUsedKb=N} (-1 where /proc is unavailable). */
    static String report() {
        long cpu = cpuMillis(Path.of("/proc/self/stat"));
        long hwm = peakRssKb(Path.of("/proc/self/status"));
        long heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        return PREFIX + "hwmKb=" + hwm + " cpuMs=" + cpu + " heapUsedKb=" + heapUsed / 1024;
    }

    /** utime + stime of a /proc/PID/stat file in ms (assumes the usual 100 ticks per second); -1 if unreadable. */
    static long cpuMillis(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmHWM of a /proc/PID/status file, in kB; -1 when it cannot be read. */
    static long peakRssKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static long parse(String line, String key) {
        int i = line.indexOf(key + "=");
        if (i < 0) {
            return -1;
        }
        int end = line.indexOf(' ', i);
        return Long.parseLong(line.substring(i + key.length() + 1, end < 0 ? line.length() : end).trim());
    }
}
