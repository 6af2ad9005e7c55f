using System.Buffers.Binary;
using Google.Protobuf;
using NetForge.Onnx.Proto;

namespace NetForge;

/// <summary>Initializers: NetForge's tensors as float tensors, and the small integer tensors some ops take as inputs.</summary>
internal static class OnnxTensors
{
    public static TensorProto Float(Tensor tensor)
    {
        var bytes = new byte[tensor.Length * sizeof(float)];
        for (var i = 0; i < tensor.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), tensor.Data[i]);
        var proto = new TensorProto
        {
            Name = tensor.Name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = UnsafeByteOperations.UnsafeWrap(bytes),
        };
        foreach (var extent in tensor.Shape)
            proto.Dims.Add(extent);
        return proto;
    }

    public static TensorProto Int64(string name, params long[] values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        return new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Int64,
            Dims = { values.Length },
            RawData = UnsafeByteOperations.UnsafeWrap(bytes),
        };
    }
}
