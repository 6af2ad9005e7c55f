using Microsoft.ML.OnnxRuntime;

namespace NetForge.Onnx.Tests;

/// <summary>Runs an exported model in ONNX Runtime on a batch of samples.</summary>
internal sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxSession(byte[] model) => _session = new InferenceSession(model);

    public InferenceSession Session => _session;

    public static byte[] Export(INetwork network, OnnxExportOptions? options = null)
    {
        using var stream = new MemoryStream();
        network.ExportOnnx(stream, options);
        return stream.ToArray();
    }

    /// <summary>The outputs, [batch, ...output shape] flattened, for inputs of [batch, ...input shape] flattened.</summary>
    public float[] Run(INetwork network, float[] inputs, int batch)
    {
        long[] shape = [batch, .. network.InputShape.ToArray().Select(e => (long)e)];
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
        using var options = new RunOptions();
        using var outputs = _session.Run(options, ["input"], [input], ["output"]);
        var output = outputs[0];
        Assert.Equal([batch, .. network.OutputShape.ToArray().Select(e => (long)e)], output.GetTensorTypeAndShape().Shape);
        return output.GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
