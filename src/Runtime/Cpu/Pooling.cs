using System.Runtime.CompilerServices;

namespace NetForge.Cpu;

/// <summary>What the pooling layers share: the argument checks and the geometry of the windows.</summary>
internal static class Pooling
{
    public static void Check(int xLength, int yLength, int batch, PoolShape shape)
    {
        shape.CheckInitialised(nameof(shape));
        BufferCheck.Size(batch, nameof(batch));
        BufferCheck.AtLeast(xLength, batch, shape.InputSize, "x");
        BufferCheck.AtLeast(yLength, batch, shape.OutputSize, "y");
    }

    /// <summary>The sizes of one plane and its windows, as native integers for the address arithmetic.</summary>
    public readonly struct Windows(PoolShape shape)
    {
        public nint Size { get; } = shape.Size;

        public nint Stride { get; } = shape.Stride;

        public nint Width { get; } = shape.Width;

        public nint OutputHeight { get; } = shape.OutputHeight;

        public nint OutputWidth { get; } = shape.OutputWidth;

        public nint InputPlane { get; } = (nint)shape.Height * shape.Width;

        public nint OutputPlane { get; } = (nint)shape.OutputHeight * shape.OutputWidth;

        /// <summary>Where the window of output (oh, ow) starts in its input plane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Start(nint oh, nint ow) => oh * Stride * Width + ow * Stride;

        /// <summary>
        /// The offset, from the window's start, of its largest value: the first in row-major order on ties, since
        /// only a strictly larger value replaces the best so far.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint ArgMax(ref float window)
        {
            nint best = 0;
            var max = window;
            for (nint i = 0; i < Size; i++)
            {
                for (nint j = 0; j < Size; j++)
                {
                    var offset = i * Width + j;
                    var value = Unsafe.Add(ref window, offset);
                    if (value > max)
                    {
                        max = value;
                        best = offset;
                    }
                }
            }

            return best;
        }
    }
}
