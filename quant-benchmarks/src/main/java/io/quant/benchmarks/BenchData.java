package io.quant.benchmarks;

import io.quant.api.tensor.Shape;
import io.quant.core.io.RawFloat32;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * The benchmark tensor: 23,851,520 float32 values, the size of seed 002's raw weight file, kept as a raw
 * little-endian float32 file as that seed keeps its weights, so that the numpy script reads the very same
 * values ({@code np.fromfile(path, '<f4')}). Gaussian weights (sigma 0.05) with a tail of rare outliers
 * (1 in 10^5 values, up to 1.0), so that a 99.99 percentile is not the maximum.
 */
public final class BenchData {
    public static final int WEIGHTS = 23_851_520;
    /** Overrides where the file lives (the runner passes it to every fork and to numpy). */
    public static final String PATH_PROPERTY = "quant.bench.data";

    private BenchData() {}

    public static Path path() {
        String configured = System.getProperty(PATH_PROPERTY);
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "quant-bench", "weights-f32-" + WEIGHTS + ".bin");
    }

    /** Writes the file unless it is already there with the right size. */
    public static Path ensure() {
        Path path = path();
        try {
            if (Files.exists(path) && Files.size(path) == (long) WEIGHTS * Float.BYTES) {
                return path;
            }
            Files.createDirectories(path.toAbsolutePath().getParent());
            ByteBuffer bytes = ByteBuffer.allocate(WEIGHTS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            Random random = new Random(2);
            for (int i = 0; i < WEIGHTS; i++) {
                float value = (float) (random.nextGaussian() * 0.05);
                if (random.nextInt(100_000) == 0) {
                    value = (float) (random.nextDouble() * 2 - 1);
                }
                bytes.putFloat(value);
            }
            Path partial = path.resolveSibling(path.getFileName() + ".partial");
            Files.write(partial, bytes.array());
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark data " + path + ": " + e.getMessage(), e);
        }
    }

    /** The values as a Java array (what quant works on), read with quant's own raw float32 reader. */
    public static float[] floats() {
        return RawFloat32.read(ensure(), Shape.of(WEIGHTS)).floats();
    }

    /**
     * {@code values} copied to native memory in native order (what ONNX Runtime reads without a copy): the
     * peer reads the file once, as floats, and derives its params from the same array.
     */
    public static FloatBuffer direct(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        return buffer.put(values).flip();
    }

    /** Deterministic codes for the matmul operands: uniform over the dtype. */
    static byte[] codes(int n, long seed) {
        byte[] codes = new byte[n];
        new Random(seed).nextBytes(codes);
        return codes;
    }
}
