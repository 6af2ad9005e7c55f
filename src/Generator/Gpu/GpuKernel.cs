namespace NetForge.Generator.Gpu;

/// <summary>
/// One generated ILGPU kernel and its launch: a static method whose body calls the GPU runtime's kernel with the
/// layer's sizes as constants, the field that holds it once compiled, and the line that launches it.
/// </summary>
/// <param name="Name">The kernel's name, e.g. <c>Dense1Forward</c>; its field is the same in camel case.</param>
/// <param name="Arguments">What the kernel takes after its thread index, with what the launch passes.</param>
/// <param name="Body">The kernel's body, an expression of <c>thread</c> and the argument names.</param>
/// <param name="Extent">The number of threads the launch starts, e.g. <c>n * 256</c>.</param>
internal sealed record GpuKernel(string Name, IReadOnlyList<GpuArgument> Arguments, string Body, string Extent)
{
    /// <summary>Whether the kernel launches in explicit groups (shared memory, barriers): its <see cref="Extent"/> is then
    /// a <c>KernelConfig</c>, and its body takes no thread index.</summary>
    public bool Grouped { get; init; }

    /// <summary>What a device that computes products in tiles launches instead; empty when this kernel serves both.</summary>
    public IReadOnlyList<GpuKernel> Tiled { get; init; } = [];
}

/// <summary>One argument of a kernel.</summary>
/// <param name="Type">Its type in the generated file: <c>Floats</c>, <c>Ints</c>, <c>Doubles</c> or <c>int</c>.</param>
/// <param name="Name">The kernel's name for it, e.g. <c>x</c>.</param>
/// <param name="Value">What the launch passes, e.g. <c>Inputs</c> or <c>_dense1Weight</c>.</param>
internal sealed record GpuArgument(string Type, string Name, string Value)
{
    public static GpuArgument Floats(string name, string value) => new("Floats", name, value);
}
