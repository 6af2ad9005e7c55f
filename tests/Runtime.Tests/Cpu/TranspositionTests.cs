using NetForge.Cpu;

namespace NetForge.Runtime.Tests.Cpu;

public class TranspositionTests
{
    [Fact]
    public void Every_value_moves_to_its_transposed_place_whether_the_sides_are_whole_tiles_or_not()
    {
        var random = new Random(7);
        (int Rows, int Columns)[] shapes = [(16, 150), (100, 16), (150, 16), (32, 100), (1, 1), (1, 9), (9, 1)];
        foreach (var (rows, columns) in shapes.Concat(Enumerable.Range(0, 60).Select(_ => (random.Next(1, 27), random.Next(1, 27)))))
        {
            var source = Enumerable.Range(0, rows * columns).Select(i => (float)i + 0.5f).ToArray();
            // One value more than the transpose fills, to show that nothing is written past it.
            var target = new float[rows * columns + 1];
            target[^1] = -1;

            Transposition.Run(source, rows, columns, target);

            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                    Assert.True(source[r * columns + c] == target[c * rows + r], $"[{rows}, {columns}]: value ({r}, {c})");
            }
            Assert.Equal(-1, target[^1]);
        }
    }
}
