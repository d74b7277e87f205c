package io.quant.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quant.api.QuantException;
import io.quant.api.UsageException;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesANewFile() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Files.readString(target)).isEqualTo("hello");
        assertThat(files()).containsExactly("out.txt");
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = Files.writeString(dir.resolve("out.txt"), "old content, longer than the new");
        AtomicFiles.writeString(target, "new");
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(files()).containsExactly("out.txt");
    }

    @Test
    void aRuntimeExceptionMidWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("out.npy"), "old bytes");
        IllegalStateException failure = new IllegalStateException("plugin failed at element 5");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // more than the buffer: part of it reaches the temporary file
            throw failure;
        })).isSameAs(failure);
        assertThat(Files.readString(target)).isEqualTo("old bytes");
        assertThat(files()).containsExactly("out.npy");
    }

    @Test
    void aFailingTensorMidWriteKeepsTheOldTensor() {
        Path target = dir.resolve("t.npy");
        Tensor old = Tensor.vector(1, 2, 3);
        TensorFiles.write(target, old);
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            Npy.write(out, Tensor.vector(new float[50_000]));
            throw new IOException("No space left on device");
        })).isInstanceOf(QuantException.class).hasMessage(target + ": cannot write: No space left on device");
        assertThat(TensorFiles.read(target, null)).isEqualTo(old);
        assertThat(files()).containsExactly("t.npy");
    }

    @Test
    void anErrorMidWriteLeavesNoFile() {
        Path target = dir.resolve("new.npy");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new OutOfMemoryError("simulated");
        })).isInstanceOf(OutOfMemoryError.class);
        assertThat(files()).isEmpty();
    }

    @Test
    void theBodyMayCloseItsStream() throws IOException {
        Path target = dir.resolve("closed.txt");
        AtomicFiles.write(target, out -> {
            try (OutputStream stream = out) {
                stream.write('x');
            }
        });
        assertThat(Files.readString(target)).isEqualTo("x");
    }

    @Test
    void keepsTheUsualPermissions() throws IOException {
        // a temporary file from Files.createTempFile would be 0600 and so would the target
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path reference = Files.writeString(dir.resolve("reference.txt"), "r");
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeString(target, "t");
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(expected);
    }

    @Test
    void missingDirectory() {
        Path target = dir.resolve("missing").resolve("out.npy");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x")).isInstanceOf(QuantException.class)
                .hasMessage(target + ": cannot write: directory " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void targetThatIsADirectory() throws IOException {
        Path target = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x")).isInstanceOf(QuantException.class)
                .hasMessage(target + ": cannot write: it is a directory");
        assertThat(files()).containsExactly("sub");
    }

    @Test
    void writesSeveralFilesTogether() throws IOException {
        Path first = Files.writeString(dir.resolve("a.txt"), "old a");
        Path second = dir.resolve("b.txt");
        Map<Path, IoWriter> files = new LinkedHashMap<>();
        files.put(first, out -> out.write("new a".getBytes(StandardCharsets.US_ASCII)));
        files.put(second, out -> out.write("new b".getBytes(StandardCharsets.US_ASCII)));
        AtomicFiles.writeAll(files);
        assertThat(Files.readString(first)).isEqualTo("new a");
        assertThat(Files.readString(second)).isEqualTo("new b");
        assertThat(files()).containsExactly("a.txt", "b.txt");
    }

    @Test
    void aFileThatFailsMidWriteReplacesNoneOfTheOthers() throws IOException {
        // the first file is complete before the second fails: it must not be renamed into place
        Path first = Files.writeString(dir.resolve("a.txt"), "old a");
        Path second = Files.writeString(dir.resolve("b.txt"), "old b");
        Path third = dir.resolve("c.txt");
        Map<Path, IoWriter> files = new LinkedHashMap<>();
        files.put(first, out -> out.write("new a".getBytes(StandardCharsets.US_ASCII)));
        files.put(second, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        });
        files.put(third, out -> out.write("new c".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> AtomicFiles.writeAll(files)).isInstanceOf(QuantException.class)
                .hasMessage(second + ": cannot write: No space left on device");
        assertThat(Files.readString(first)).isEqualTo("old a");
        assertThat(Files.readString(second)).isEqualTo("old b");
        assertThat(files()).containsExactly("a.txt", "b.txt");
    }

    @Test
    void aDirectoryInTheWayOfTheLastFileStopsAllBeforeAnyIsWritten() throws IOException {
        Path first = Files.writeString(dir.resolve("a.txt"), "old a");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Map<Path, IoWriter> files = new LinkedHashMap<>();
        files.put(first, out -> out.write("new a".getBytes(StandardCharsets.US_ASCII)));
        files.put(sub, out -> out.write('x'));
        assertThatThrownBy(() -> AtomicFiles.writeAll(files)).isInstanceOf(QuantException.class)
                .hasMessage(sub + ": cannot write: it is a directory");
        assertThat(Files.readString(first)).isEqualTo("old a");
        assertThat(files()).containsExactly("a.txt", "sub");
    }

    @Test
    void twoSpellingsOfOneFileAreRefusedBeforeAnyIsWritten() throws IOException {
        // each would get its own temporary file, and the second rename would replace the first output unseen
        Path target = Files.writeString(dir.resolve("a.npy"), "old");
        Path sameFile = dir.resolve("./a.npy");
        Map<Path, IoWriter> files = new LinkedHashMap<>();
        files.put(target, out -> out.write('1'));
        files.put(sameFile, out -> out.write('2'));
        assertThatThrownBy(() -> AtomicFiles.writeAll(files)).isInstanceOf(AtomicFiles.SameFileException.class)
                .isInstanceOf(UsageException.class)
                .hasMessage(target + " and " + sameFile + " are the same file: give each output its own");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(files()).containsExactly("a.npy");
    }

    @Test
    void checkTargetsFindsOneFileBehindAParentStep() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        Path target = dir.resolve("a.npy");
        assertThatThrownBy(() -> AtomicFiles.checkTargets(List.of(target, dir.resolve("sub/../a.npy"))))
                .isInstanceOf(AtomicFiles.SameFileException.class);
        assertThat(AtomicFiles.checkTargets(List.of(target, dir.resolve("sub/a.npy"))))
                .containsOnlyKeys(target, dir.resolve("sub/a.npy"));
    }

    @Test
    void writesTensorsThroughNpy() {
        Path target = dir.resolve("t.npy");
        Npy.write(target, Tensor.ofFloat64(Shape.of(1), 0.5));
        assertThat(Npy.read(target)).isEqualTo(Tensor.ofFloat64(Shape.of(1), 0.5));
    }

    private List<String> files() {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
