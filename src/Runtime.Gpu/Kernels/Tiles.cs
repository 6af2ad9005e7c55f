using System.ComponentModel;
using ILGPU;
using ILGPU.Runtime;

namespace NetForge.Gpu.Kernels;

/// <summary>One operand of a tiled product, read at a row and a column as the product needs it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITileOperand
{
    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    float Load(int row, int column);
}

/// <summary>Where a tiled product's sums go, with whatever the layer adds to them (a bias, an activation).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITileStore
{
    /// <summary>Writes the sum for (<paramref name="row"/>, <paramref name="column"/>).</summary>
    void Store(int row, int column, float sum);
}

/// <summary>
/// C[rows, columns] = Σₖ A[row, k] · B[k, column] in tiles of 16 × 16 through shared memory: a group of 16 × 16
/// threads computes a tile of C, each thread one value, and each value of A and B is read from global memory once per
/// group rather than once per output. The CPU accelerator runs a group's threads as threads of the operating system,
/// where each barrier costs about a millisecond, so there the layers take their one-thread-a-value kernels instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Tiles
{
    /// <summary>A tile's side.</summary>
    public const int Size = 16;

    /// <summary>The launch of a product of <paramref name="rows"/> × <paramref name="columns"/>: one group a tile.</summary>
    public static KernelConfig Config(int rows, int columns) =>
        new(new Index2D((columns + Size - 1) / Size, (rows + Size - 1) / Size), new Index2D(Size, Size));

    /// <summary>The group's tile of the product, over <paramref name="depth"/> terms; values outside the operands read as 0.</summary>
    public static void Product<TA, TB, TC>(TA a, TB b, TC c, int rows, int columns, int depth)
        where TA : struct, ITileOperand
        where TB : struct, ITileOperand
        where TC : struct, ITileStore
    {
        var aTile = SharedMemory.Allocate<float>(Size * Size);
        var bTile = SharedMemory.Allocate<float>(Size * Size);
        int x = Group.IdxX, y = Group.IdxY;
        var row = Grid.IdxY * Size + y;
        var column = Grid.IdxX * Size + x;
        var sum = 0f;
        for (var k = 0; k < depth; k += Size)
        {
            aTile[y * Size + x] = row < rows && k + x < depth ? a.Load(row, k + x) : 0f;
            bTile[y * Size + x] = k + y < depth && column < columns ? b.Load(k + y, column) : 0f;
            Group.Barrier();
            for (var j = 0; j < Size; j++)
                sum += aTile[y * Size + j] * bTile[j * Size + x];
            Group.Barrier();
        }
        if (row < rows && column < columns)
            c.Store(row, column, sum);
    }
}
