package io.quant.ops;

import io.quant.api.UsageException;
import io.quant.api.tensor.Shape;
import java.util.Arrays;

/**
 * The shapes of numpy's {@code matmul}: {@code a (..., M, K) @ b (..., K, N) -> (..., M, N)}, the leading
 * (batch) dimensions broadcast against each other; a 1-d {@code a} is a row (1, K) and a 1-d {@code b} a
 * column (K, 1), and the dimension added for them is dropped from the result.
 */
final class MatMulShapes {
    final int m;
    final int k;
    final int n;
    final Shape out;
    /** For each batch of the result (C order), the index of the matrix of {@code a} and of {@code b} it multiplies. */
    final int[] aMatrix;
    final int[] bMatrix;
    /** How many M x K matrices {@code a} holds and how many K x N matrices {@code b} holds. */
    final int aMatrices;
    final int bMatrices;

    private MatMulShapes(int m, int k, int n, Shape out, int[] aMatrix, int[] bMatrix, int aMatrices, int bMatrices) {
        this.m = m;
        this.k = k;
        this.n = n;
        this.out = out;
        this.aMatrix = aMatrix;
        this.bMatrix = bMatrix;
        this.aMatrices = aMatrices;
        this.bMatrices = bMatrices;
    }

    int batches() {
        return aMatrix.length;
    }

    /** The multiply-adds of the whole product, for choosing whether to split it across threads. */
    long multiplyAdds() {
        return (long) batches() * m * n * k;
    }

    /** @throws UsageException naming {@code op} and both shapes when they do not multiply */
    static MatMulShapes of(String op, Shape a, Shape b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new UsageException(op + ": " + (a.rank() == 0 ? "a" : "b") + " is a scalar (shape ()): matmul needs at least 1 dimension");
        }
        int[] ad = a.dims();
        int[] bd = b.dims();
        boolean aVector = ad.length == 1;
        boolean bVector = bd.length == 1;
        int m = aVector ? 1 : ad[ad.length - 2];
        int ka = ad[ad.length - 1];
        int kb = bVector ? bd[0] : bd[bd.length - 2];
        int n = bVector ? 1 : bd[bd.length - 1];
        if (ka != kb) {
            throw new UsageException(op + ": a has shape " + a + " but b has shape " + b + ": inner dimensions "
                    + ka + " and " + kb + " differ");
        }
        int[] aBatch = Arrays.copyOf(ad, Math.max(0, ad.length - 2));
        int[] bBatch = Arrays.copyOf(bd, Math.max(0, bd.length - 2));
        int rank = Math.max(aBatch.length, bBatch.length);
        int[] batch = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromEnd(aBatch, rank - 1 - i);
            int db = dimFromEnd(bBatch, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new UsageException(op + ": a has shape " + a + " but b has shape " + b + ": batch dimensions "
                        + Shape.of(aBatch) + " and " + Shape.of(bBatch) + " do not broadcast");
            }
            batch[i] = da == 1 ? db : da;
        }
        int[] outDims = Arrays.copyOf(batch, rank + (aVector ? 0 : 1) + (bVector ? 0 : 1));
        int next = rank;
        if (!aVector) {
            outDims[next++] = m;
        }
        if (!bVector) {
            outDims[next] = n;
        }
        Shape out = Shape.of(outDims);
        int batches = Shape.of(batch).size();
        int[] aMatrix = new int[batches];
        int[] bMatrix = new int[batches];
        int[] index = new int[rank];
        for (int t = 0; t < batches; t++) {
            aMatrix[t] = flatIndex(index, aBatch);
            bMatrix[t] = flatIndex(index, bBatch);
            for (int axis = rank - 1; axis >= 0; axis--) {
                if (++index[axis] < batch[axis]) {
                    break;
                }
                index[axis] = 0;
            }
        }
        return new MatMulShapes(m, ka, n, out, aMatrix, bMatrix, Shape.of(aBatch).size(), Shape.of(bBatch).size());
    }

    /** Dimension {@code fromEnd} places from the right of {@code dims}, 1 where {@code dims} is shorter. */
    private static int dimFromEnd(int[] dims, int fromEnd) {
        int i = dims.length - 1 - fromEnd;
        return i >= 0 ? dims[i] : 1;
    }

    /** The C-order index into {@code dims} of the broadcast batch index {@code index} (right-aligned). */
    private static int flatIndex(int[] index, int[] dims) {
        int offset = index.length - dims.length;
        int flat = 0;
        for (int i = 0; i < dims.length; i++) {
            flat = flat * dims[i] + (dims[i] == 1 ? 0 : index[offset + i]);
        }
        return flat;
    }
}
