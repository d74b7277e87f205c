package io.quant.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Every benchmark class extends this: at the end of its trial (one fork per benchmark and parameter set)
 * it appends the fork's peak resident set size, {@code VmHWM} from /proc, to the file the runner names, so
 * that the table can show what each side held: data, output, heap and native buffers together.
 */
public abstract class PeakRss {
    public static final String FILE_PROPERTY = "quant.bench.rss";

    @TearDown(Level.Trial)
    public void recordPeakRss(BenchmarkParams params) {
        String file = System.getProperty(FILE_PROPERTY);
        long kilobytes = peakKilobytes();
        if (file == null || kilobytes < 0) {
            return;
        }
        String line = key(params) + "\t" + kilobytes + "\n";
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "io.quant.benchmarks.BenchmarkX.method a=1,b=2": how the runner finds a result again. */
    static String key(String benchmark, Map<String, ?> params) {
        return benchmark + " " + new TreeMap<String, Object>(params).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** The key of a fork's (or a run result's) benchmark and parameter values. */
    static String key(BenchmarkParams params) {
        Map<String, String> values = new TreeMap<>();
        for (String name : params.getParamsKeys()) {
            values.put(name, params.getParam(name));
        }
        return key(params.getBenchmark(), values);
    }

    /** VmHWM in kB, or -1 where /proc is not there. */
    static long peakKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return -1;
    }
}
