using System.ComponentModel;
using ILGPU;

namespace NetForge.Gpu.Kernels;

/// <summary>
/// The dense layer's products in shared-memory tiles (<see cref="Tiles"/>), for GPUs: the forward with its bias and
/// activation in the product's epilogue, the input gradient and the weight gradient with the activation's mask
/// applied as the gradient is read into a tile.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseTiles
{
    /// <summary>y[n, outputs] = act(x · wᵀ + b) for the launching group's tile.</summary>
    public static void Forward<TActivation>(ArrayView<float> x, ArrayView<float> w, ArrayView<float> b, ArrayView<float> y, int n, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation =>
        Tiles.Product(new Rows(x, inputs), new Transposed(w, inputs), new Activated<TActivation>(y, b, outputs, true, activation), n, outputs, inputs);

    /// <summary>y[n, outputs] = act(x · wᵀ) for a layer without a bias.</summary>
    public static void Forward<TActivation>(ArrayView<float> x, ArrayView<float> w, ArrayView<float> y, int n, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation =>
        Tiles.Product(new Rows(x, inputs), new Transposed(w, inputs), new Activated<TActivation>(y, w, outputs, false, activation), n, outputs, inputs);

    /// <summary>dx[n, inputs] = dz · w, dz = dy · act′(y).</summary>
    public static void InputGradient<TActivation>(ArrayView<float> w, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int n, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation =>
        Tiles.Product(new Masked<TActivation>(y, dy, outputs, false, activation), new Rows(w, inputs), new Plain(dx, inputs), n, inputs, outputs);

    /// <summary>dw[outputs, inputs] = dzᵀ · x over the n samples.</summary>
    public static void WeightGradient<TActivation>(ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dw, int n, int inputs, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation =>
        Tiles.Product(new Masked<TActivation>(y, dy, outputs, true, activation), new Rows(x, inputs), new Plain(dw, inputs), outputs, inputs, n);

    /// <summary>The thread's unit's bias gradient Σₛ dz[s, o], for the tiled weight gradient, which has no bias column.</summary>
    public static void BiasGradient<TActivation>(Index1D thread, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> db, int n, int outputs, TActivation activation)
        where TActivation : struct, Cpu.IActivation
    {
        int unit = thread;
        var sum = 0f;
        for (var s = 0; s < n; s++)
            sum += dy[s * outputs + unit] * activation.Derivative(y[s * outputs + unit]);
        db[unit] = sum;
    }

    // A row-major matrix of the given width: (row, column) is values[row · width + column].
    private readonly struct Rows(ArrayView<float> values, int width) : ITileOperand
    {
        public float Load(int row, int column) => values[row * width + column];
    }

    // The transpose of a row-major matrix of the given width: (row, column) is values[column · width + row].
    private readonly struct Transposed(ArrayView<float> values, int width) : ITileOperand
    {
        public float Load(int row, int column) => values[column * width + row];
    }

    // dz = dy · act′(y) of a [n, outputs] output, read as [n, outputs] or, transposed, as [outputs, n].
    private readonly struct Masked<TActivation>(ArrayView<float> y, ArrayView<float> dy, int outputs, bool transposed, TActivation activation) : ITileOperand
        where TActivation : struct, Cpu.IActivation
    {
        public float Load(int row, int column)
        {
            var at = transposed ? column * outputs + row : row * outputs + column;
            return dy[at] * activation.Derivative(y[at]);
        }
    }

    private readonly struct Plain(ArrayView<float> values, int width) : ITileStore
    {
        public void Store(int row, int column, float sum) => values[row * width + column] = sum;
    }

    // The forward's epilogue: the bias (when the layer has one) and the activation.
    private readonly struct Activated<TActivation>(ArrayView<float> y, ArrayView<float> bias, int outputs, bool hasBias, TActivation activation) : ITileStore
        where TActivation : struct, Cpu.IActivation
    {
        public void Store(int row, int column, float sum) => y[row * outputs + column] = activation.Forward(hasBias ? sum + bias[column] : sum);
    }
}
