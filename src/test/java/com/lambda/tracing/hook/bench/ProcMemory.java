package com.lambda.tracing.hook.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident set size of the current process (Linux /proc), plus heap in use, as one parseable line. */
final class ProcMemory {
    static final String PREFIX = "bench-memory ";

    private ProcMemory() {
    }

    /** {@code bench-memory hwmKb=N heapUsedKb=N} (hwmKb=-1 where /proc is unavailable). */
    static String report() {
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        return PREFIX + "hwmKb=" + peakRssKb(Path.of("/proc/self/status")) + " heapUsedKb=" + heapUsed;
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
