package io.quant.benchmarks;

import io.quant.api.kernel.LinearQuantization;
import io.quant.api.kernel.WarmedKernels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite and prints one table: each work, quant's throughput, the peer's (ONNX Runtime in
 * the same JVM where it has the op), quant/peer, the numpy seed-style figure from
 * {@code scripts/bench-numpy.py} and quant/numpy, and the peak RSS of each side's process.
 *
 * <pre>
 * java -jar quant-benchmarks.jar [--threads 2] [--quick] [--only REGEX] [--numpy scripts/bench-numpy.py | --no-numpy]
 *                                [--out table.md]
 * java -jar quant-benchmarks.jar jmh [JMH options]      plain JMH (-h for its help)
 * </pre>
 *
 * Figures are medians of per-call times (JMH sample mode), one fork per benchmark and parameter set.
 * System properties named {@code quant.*} (e.g. {@code -Dquant.kernels=scalar}) pass on to the forks;
 * {@code quant.kernels} is {@code vector} unless given.
 */
public final class Suite {
    private static final String PACKAGE = "io.quant.benchmarks.";
    /** A fixed heap bound, so that peak RSS shows what a call needs rather than how far G1 let the heap grow. */
    private static final String[] FORK_FLAGS = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"};

    private final int threads;
    private final boolean quick;
    private final String only;
    private final Path numpyScript;
    private final Path rssFile;
    private final Map<String, Double> medians = new TreeMap<>();
    private final Map<String, Long> rss = new TreeMap<>();
    private final Map<String, double[]> numpy = new TreeMap<>();
    /** The JMH runs --only let through: what tells which rows numpy should fill. */
    private final List<Run> runs = new ArrayList<>();
    private String loadBefore;
    private String loadAfter;

    private Suite(int threads, boolean quick, String only, Path numpyScript) throws IOException {
        this.threads = threads;
        this.quick = quick;
        this.only = only;
        this.numpyScript = numpyScript;
        this.rssFile = Files.createTempFile("quant-bench-rss", ".tsv");
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // steady state from the first call: no scalar phase while the vector kernels warm up (passed to the forks)
        if (System.getProperty(WarmedKernels.PROPERTY) == null) {
            System.setProperty(WarmedKernels.PROPERTY, "vector");
        }
        int threads = 2;
        boolean quick = false;
        String only = null;
        Path script = Path.of("scripts", "bench-numpy.py");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                case "--only" -> only = args[++i];
                case "--numpy" -> script = Path.of(args[++i]);
                case "--no-numpy" -> script = null;
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown argument '" + args[i] + "'; usage: [--threads N] [--quick] [--only REGEX]"
                            + " [--numpy SCRIPT | --no-numpy] [--out FILE] | jmh [JMH options]");
                    System.exit(2);
                }
            }
        }
        Suite suite = new Suite(threads, quick, only, script);
        String table = suite.run();
        System.out.println();
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table, StandardCharsets.UTF_8);
        }
    }

    private String run() throws RunnerException, IOException, InterruptedException {
        Path data = BenchData.ensure();
        loadBefore = loadAverage();
        int t = threads;
        jmh("BenchmarkQuantizeLinear", Map.of("threads", List.of(t)));
        jmh("BenchmarkQuantizeLinear\\.(quant|onnxruntime)$", Map.of("work", List.of("uint8"), "threads", List.of(1)));
        jmh("BenchmarkQuantizeFloat64", Map.of("threads", List.of(t)));
        jmh("BenchmarkDequantizeLinear\\.quant", Map.of("threads", List.of(t)));
        jmh("BenchmarkDequantizeLinear\\.onnxruntime", Map.of("threads", List.of(t),
                "work", List.of("uint8", "int8", "int8-rows", "int8-columns")));
        jmh("BenchmarkCalibrate", Map.of("threads", List.of(t)));
        jmh("BenchmarkIntMatMul", Map.of("threads", List.of(t)));
        jmh("BenchmarkRequantize\\.requantize", Map.of("threads", List.of(t)));
        // qlinearMatMul in float mode only: the mode its row shows beside ONNX Runtime's
        jmh("BenchmarkRequantize\\.(qlinearMatMul|onnxruntime)", Map.of("threads", List.of(t), "mode", List.of("float")));
        jmh("BenchmarkPipeline", Map.of());
        readRss();
        if (numpyScript != null) {
            runNumpy(data);
        }
        loadAfter = loadAverage();
        return table();
    }

    /** One JMH run of the benchmarks matching {@code include}, with these parameter values. */
    private void jmh(String include, Map<String, List<Object>> params) throws RunnerException {
        if (only != null && !Pattern.compile(only).matcher(include).find()) {
            return;
        }
        runs.add(new Run(Pattern.compile(PACKAGE + include), params));
        List<String> flags = new ArrayList<>(List.of(FORK_FLAGS));
        flags.add("-D" + BenchData.PATH_PROPERTY + "=" + BenchData.path().toAbsolutePath());
        flags.add("-D" + PeakRss.FILE_PROPERTY + "=" + rssFile.toAbsolutePath());
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("quant.") && !name.equals(BenchData.PATH_PROPERTY) && !name.equals(PeakRss.FILE_PROPERTY))
                .forEach(name -> flags.add("-D" + name + "=" + System.getProperty(name)));
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PACKAGE + include)
                .forks(1)
                .jvmArgsAppend(flags.toArray(String[]::new))
                .shouldFailOnError(false);
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        params.forEach((name, values) -> options.param(name, values.stream().map(String::valueOf).toArray(String[]::new)));
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
            medians.put(PeakRss.key(result.getParams()), result.getPrimaryResult().getStatistics().getPercentile(50));
        }
    }

    private void readRss() throws IOException {
        for (String line : Files.readAllLines(rssFile)) {
            String[] parts = line.split("\t");
            rss.put(parts[0], Long.parseLong(parts[1]));
        }
        Files.deleteIfExists(rssFile);
    }

    private void runNumpy(Path data) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", numpyScript.toString(),
                "--data", data.toAbsolutePath().toString()));
        if (quick) {
            command.addAll(List.of("--runs", "5"));
        }
        if (only != null) {
            // only the works of the rows --only let through: all of them take many minutes
            List<String> works = numpyWorks();
            if (works.isEmpty()) {
                System.out.println("# numpy: no row of --only '" + only + "' has a numpy work; not run");
                return;
            }
            command.addAll(List.of("--only", String.join(",", works)));
        }
        System.out.println("# numpy: " + String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                System.out.println("# numpy " + line);
                String[] parts = line.split("\t");
                if (parts.length == 3) {
                    numpy.put(parts[0], new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])});
                }
            }
        }
        if (process.waitFor() != 0) {
            System.err.println("bench-numpy.py exited with " + process.exitValue() + "; its rows stay empty");
        }
    }

    /** The numpy works of the rows with a side that a JMH run measured. */
    private List<String> numpyWorks() {
        return rows().stream()
                .filter(row -> row.numpyWork != null && (ran(row.quant) || ran(row.peer)))
                .map(Row::numpyWork).distinct().toList();
    }

    /** Whether a JMH run --only let through measured {@code bench} (null: no such side). */
    private boolean ran(Bench bench) {
        return bench != null && runs.stream().anyMatch(run -> run.covers(bench));
    }

    /** One JMH run: the benchmarks {@code include} matches, each with the listed values or all its defaults. */
    private record Run(Pattern include, Map<String, List<Object>> params) {
        boolean covers(Bench bench) {
            return include.matcher(PACKAGE + bench.benchmark).find() && params.entrySet().stream().allMatch(param -> {
                Object value = bench.params.get(param.getKey());
                return value == null || param.getValue().stream().map(String::valueOf).anyMatch(String.valueOf(value)::equals);
            });
        }
    }

    // ---- the table

    /** One side's figure: a benchmark method ("BenchmarkX.method") and its parameter values. */
    private record Bench(String benchmark, Map<String, ?> params) {
        /** As the forks and {@link #jmh} store results: {@link PeakRss#key}. */
        String key() {
            return PeakRss.key(PACKAGE + benchmark, params);
        }
    }

    /** A row: what is measured, how many elements or operations one call does, and where each side's figure is. */
    private record Row(String work, double amount, String unit, Bench quant, Bench peer, String numpyWork) {}

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        double n = BenchData.WEIGHTS;
        String[][] works = {
            {"uint8", "affine uint8 per tensor"},
            {"int8", "symmetric int8 per tensor"},
            {"uint4", "affine 4-bit per tensor (ORT packs 2 per byte)"},
            {"int8-rows", "int8 per channel, axis 0 of (2560, 9317)"},
            {"int8-columns", "int8 per channel, axis 1 of (9317, 2560)"},
        };
        for (String[] work : works) {
            Map<String, ?> params = Map.of("threads", threads, "work", work[0]);
            Bench peer = new Bench("BenchmarkQuantizeLinear.onnxruntime", params);
            rows.add(new Row("quantize f32 -> " + work[1], n, "Melem/s", new Bench("BenchmarkQuantizeLinear.quant", params),
                    peer, "quantize-" + work[0]));
            rows.add(new Row("  same, into a reused buffer", n, "Melem/s",
                    new Bench("BenchmarkQuantizeLinear.quantInto", params), peer, "quantize-" + work[0]));
            if (work[0].equals("uint8")) {
                Map<String, ?> one = Map.of("threads", 1, "work", "uint8");
                rows.add(new Row("  same, 1 thread", n, "Melem/s", new Bench("BenchmarkQuantizeLinear.quant", one),
                        new Bench("BenchmarkQuantizeLinear.onnxruntime", one), "quantize-uint8"));
            }
        }
        rows.add(new Row("quantize f64 -> affine uint8 per tensor", n, "Melem/s",
                new Bench("BenchmarkQuantizeFloat64.quant", Map.of("threads", threads)), null, "quantize-uint8-float64"));
        for (String[] work : works) {
            Map<String, ?> params = Map.of("threads", threads, "work", work[0]);
            Bench peer = work[0].equals("uint4") ? null : new Bench("BenchmarkDequantizeLinear.onnxruntime", params);
            rows.add(new Row("dequantize " + work[1].replace(" (ORT packs 2 per byte)", "") + " -> f32", n, "Melem/s",
                    new Bench("BenchmarkDequantizeLinear.quant", params), peer, "dequantize-" + work[0]));
            rows.add(new Row("  same, into a reused buffer", n, "Melem/s",
                    new Bench("BenchmarkDequantizeLinear.quantInto", params), peer, "dequantize-" + work[0]));
        }
        rows.add(new Row("calibrate minmax", n, "Melem/s",
                new Bench("BenchmarkCalibrate.quant", Map.of("calibrator", "minmax", "threads", threads)), null,
                "calibrate-minmax"));
        rows.add(new Row("calibrate percentile 0.01/99.99 (exact)", n, "Melem/s",
                new Bench("BenchmarkCalibrate.quant", Map.of("calibrator", "percentile", "threads", threads)), null,
                "calibrate-percentile"));
        for (String shape : new String[] {"1024x1024x1024", "64x1024x4096", "1x1024x4096"}) {
            for (String types : new String[] {"u8s8", "s8s8"}) {
                Map<String, ?> params = Map.of("shape", shape, "threads", threads, "types", types);
                rows.add(new Row("int matmul " + types + " " + shape, MatMulShape.parse(shape).operations(), "GOP/s",
                        new Bench("BenchmarkIntMatMul.quant", params), new Bench("BenchmarkIntMatMul.onnxruntime", params),
                        "matmul-" + types + "-" + shape));
            }
        }
        for (String shape : new String[] {"1024x1024x1024", "64x1024x4096"}) {
            MatMulShape s = MatMulShape.parse(shape);
            for (String mode : new String[] {"float", "fixed"}) {
                rows.add(new Row("requantize int32 -> uint8 (" + mode + ") " + s.m() + "x" + s.n(), (double) s.m() * s.n(),
                        "Melem/s", new Bench("BenchmarkRequantize.requantize",
                                Map.of("mode", mode, "shape", shape, "threads", threads)), null, "requantize-" + shape));
            }
            Map<String, ?> params = Map.of("mode", "float", "shape", shape, "threads", threads);
            rows.add(new Row("QLinearMatMul u8s8 " + shape + " (int-matmul + requantize)", s.operations(), "GOP/s",
                    new Bench("BenchmarkRequantize.qlinearMatMul", params), new Bench("BenchmarkRequantize.onnxruntime", params),
                    null));
        }
        for (String example : new String[] {"circles-mlp", "mlp-ptq"}) {
            for (String points : new String[] {"shipped", String.valueOf(BenchmarkPipeline.ROWS)}) {
                int count = BenchmarkPipeline.rows(example, points);
                rows.add(new Row(String.format(Locale.ROOT, "pipeline %s, %,d points (every step)", example, count),
                        count, "kpoints/s", new Bench("BenchmarkPipeline.quant", Map.of("example", example, "points", points)),
                        null, null));
            }
        }
        return rows;
    }

    private String table() {
        StringBuilder text = new StringBuilder();
        Runtime runtime = Runtime.getRuntime();
        text.append(String.format(Locale.ROOT, "%s, %s (%d cores), JDK %s (%s), quant kernels: %s, ONNX Runtime %s, %s%n%n",
                LocalDate.now(ZoneOffset.UTC), cpuModel(), runtime.availableProcessors(), Runtime.version(),
                System.getProperty("java.vm.name"), LinearQuantization.kernels(), ortVersion(), numpyVersion()));
        text.append("| work | quant | ONNX Runtime | quant/ORT | numpy (seed style) | quant/numpy | peak RSS MB quant / ORT / numpy |\n");
        text.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows()) {
            Double quant = figure(row.quant, row.amount, row.unit);
            Double peer = figure(row.peer, row.amount, row.unit);
            double[] np = row.numpyWork == null ? null : numpy.get(row.numpyWork);
            Double numpyFigure = np == null ? null : rate(row.amount, np[0], row.unit);
            text.append("| ").append(row.work)
                    .append(" | ").append(format(quant, row.unit))
                    .append(" | ").append(format(peer, row.unit))
                    .append(" | ").append(ratio(quant, peer))
                    .append(" | ").append(format(numpyFigure, row.unit))
                    .append(" | ").append(ratio(quant, numpyFigure))
                    .append(" | ").append(megabytes(rss.get(row.quant.key())))
                    .append(" / ").append(megabytes(row.peer == null ? null : rss.get(row.peer.key())))
                    .append(" / ").append(megabytes(np == null ? null : (long) np[1]))
                    .append(" |\n");
        }
        text.append("\nMelem/s: million values per second; GOP/s: 2*M*K*N / time; kpoints/s: thousand input rows per second. ")
                .append("Medians of per-call times. ")
                .append("Load average (1, 5, 15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
                .append(" (other processes on the machine skew the figures).\n");
        return text.toString();
    }

    private Double figure(Bench bench, double amount, String unit) {
        if (bench == null) {
            return null;
        }
        Double millis = medians.get(bench.key());
        return millis == null ? null : rate(amount, millis, unit);
    }

    private static double rate(double amount, double millis, String unit) {
        double perSecond = amount / (millis / 1000);
        return perSecond / switch (unit) {
            case "GOP/s" -> 1e9;
            case "kpoints/s" -> 1e3;
            default -> 1e6;
        };
    }

    private static String format(Double value, String unit) {
        if (value == null) {
            return "";
        }
        String number = value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return number + " " + unit;
    }

    private static String ratio(Double quant, Double peer) {
        return quant == null || peer == null ? "" : String.format(Locale.ROOT, "%.2fx", quant / peer);
    }

    private static String megabytes(Long kilobytes) {
        return kilobytes == null ? "-" : String.format(Locale.ROOT, "%,d", Math.round(kilobytes / 1024.0));
    }

    /** /proc/loadavg's first three figures: how busy the machine was around the run. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String ortVersion() {
        try {
            return Ort.version();
        } catch (RuntimeException | LinkageError e) {
            return "(not loadable: " + e.getMessage() + ")";
        }
    }

    private String numpyVersion() {
        if (numpyScript == null) {
            return "numpy not run";
        }
        try {
            Process process = new ProcessBuilder("/usr/bin/python3", "-c", "import numpy; print(numpy.__version__)").start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? "numpy " + version : "numpy not found";
        } catch (IOException | InterruptedException e) {
            return "numpy not found";
        }
    }
}
