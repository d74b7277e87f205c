package io.quant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant.core.io.TensorFiles;
import io.quant.core.json.Json;
import io.quant.core.plugin.PluginDiscovery;
import io.quant.core.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

final class RunAndDemoCommandTest {
    private static final PluginRegistry BUILT_INS = PluginDiscovery.discover(List.of());
    private static final Path CIRCLES = Path.of("..", "examples", "circles-mlp", "pipeline.json");

    @TempDir
    Path dir;

    @Test
    void demoPrintsFloatAgainstQuantizedAndBothAccuracies() {
        CliRun run = CliRun.run(BUILT_INS, "demo");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).isEmpty();
        // numpy, on the same generated test set and the seed's weights: 96.4% float, 96.6% quantized
        assertThat(run.out).contains("accuracy: float 96.4%, quantized 96.6%");
        assertThat(run.out).contains("(0, 0) in", "(1, 1) out");
    }

    @Test
    void runWritesTheOutputsAndReportsTheComparisonAsJson() {
        CliRun run = CliRun.run(BUILT_INS, "run", CIRCLES.toString(), "-o", dir.toString(), "--json");

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode report = Json.mapper().readTree(run.out);
        assertThat(report.get("pipeline").asString()).isEqualTo("circles-mlp");
        assertThat(report.get("written").size()).isPositive();
        for (JsonNode written : report.get("written")) {
            assertThat(TensorFiles.read(Path.of(written.asString()), null).size()).isPositive();
        }
        assertThat(report.get("timings").size()).isPositive();
    }

    @Test
    void anOutputThatCannotBeWrittenReplacesNoneOfTheOthers() throws IOException {
        // circles-mlp writes y, y_float and fc2_q in that order: y.npy is from an earlier run, fc2_q.npy is in the way
        byte[] earlier = "an earlier output".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("y.npy"), earlier);
        Files.createDirectory(dir.resolve("fc2_q.npy"));

        CliRun run = CliRun.run(BUILT_INS, "run", CIRCLES.toString(), "-o", dir.toString(), "--json");

        assertThat(run.exitCode).as(run.err).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("quant: " + dir.resolve("fc2_q.npy") + ": cannot write: it is a directory");
        assertThat(dir.resolve("y.npy")).hasBinaryContent(earlier);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("y.npy", "fc2_q.npy");
        }
    }

    @Test
    void anInputThePipelineDoesNotHaveIsAUsageError() {
        CliRun run = CliRun.run(BUILT_INS, "run", CIRCLES.toString(), "--input", "xx=" + dir.resolve("x.npy"));

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("quant: --input xx: " + CIRCLES
                + " has no tensor 'xx'. Tensors: x, labels, calibration, w1, b1, w2, b2");
    }
}
