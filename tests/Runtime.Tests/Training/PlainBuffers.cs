namespace NetForge.Runtime.Tests.Training;

/// <summary>Buffers with nothing beyond the base class, for networks that need no activations kept.</summary>
internal sealed class PlainBuffers(int capacity, int inputSize, int outputSize, TargetKind targets, IReadOnlyList<Tensor> parameters)
    : NetworkBuffers(capacity, inputSize, outputSize, targets, parameters);
