using System.Buffers.Binary;

namespace NetForge.Runtime.Tests.Weights;

public class SafetensorsFileTests
{
    private const string Name = "crafted.safetensors";

    private static SafetensorsFile Read(byte[] bytes, bool seekable = true) =>
        SafetensorsFile.Read(seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes, piece: 5), Name);

    private static string Fails(byte[] bytes, bool seekable = true)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(bytes, seekable));
        Assert.StartsWith(Name + ": ", error.Message);
        return error.Message;
    }

    [Fact]
    public void A_written_file_reads_back_with_names_shapes_values_and_metadata()
    {
        var weight = new Tensor("conv1.weight", 2, 1, 3, 3);
        var bias = new Tensor("conv1.bias", 2);
        for (var i = 0; i < weight.Length; i++)
            weight.Data[i] = MathF.Sin(i) * 1e-3f;
        bias.Data[1] = float.Epsilon;
        var stream = new MemoryStream();
        SafetensorsFile.Write(stream, [weight, bias], new Dictionary<string, string> { ["format"] = "pt" });

        var bytes = stream.ToArray();
        Assert.Equal(0UL, (8 + BinaryPrimitives.ReadUInt64LittleEndian(bytes)) % 8);
        var file = Read(bytes);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(["conv1.weight", "conv1.bias"], file.Tensors.Select(t => t.Name));
        Assert.Equal([2L, 1, 3, 3], file.Tensors[0].Shape);
        var values = new float[weight.Length];
        file.Tensors[0].CopyTo(values);
        Assert.Equal(weight.Data, values);
        var biasValues = new float[2];
        Assert.True(file.TryGetTensor("conv1.bias", out var storedBias));
        storedBias.CopyTo(biasValues);
        Assert.Equal(bias.Data, biasValues);
    }

    [Fact]
    public void F16_BF16_and_F64_are_converted_to_float()
    {
        var data = new byte[2 + 2 + 8];
        BinaryPrimitives.WriteHalfLittleEndian(data, (Half)0.333f);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), (ushort)(BitConverter.SingleToInt32Bits(-2.5f) >> 16));
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(4), Math.PI);
        var file = Read(CraftedFile.Bytes(
            """{"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[2,4]},"d":{"dtype":"F64","shape":[1],"data_offsets":[4,12]}}""",
            data));
        var value = new float[1];
        file.Tensors[0].CopyTo(value);
        Assert.Equal((float)(Half)0.333f, value[0]);
        file.Tensors[1].CopyTo(value);
        Assert.Equal(-2.5f, value[0]);
        file.Tensors[2].CopyTo(value);
        Assert.Equal((float)Math.PI, value[0]);
    }

    [Fact]
    public void A_scalar_integer_tensor_such_as_num_batches_tracked_is_read_but_not_converted()
    {
        var file = Read(CraftedFile.Bytes("""{"bn.num_batches_tracked":{"dtype":"I64","shape":[],"data_offsets":[0,8]}}""", new byte[8]));
        var tensor = Assert.Single(file.Tensors);
        Assert.Equal(1, tensor.ElementCount);
        Assert.False(tensor.IsFloatingPoint);
        Assert.Throws<InvalidOperationException>(() => tensor.CopyTo(new float[1]));
    }

    [Fact]
    public void Metadata_and_an_empty_file_of_tensors_are_accepted()
    {
        var file = Read(CraftedFile.Bytes("""{"__metadata__":{"a":"b"}}   """, []));
        Assert.Empty(file.Tensors);
        Assert.Equal("b", file.Metadata["a"]);
    }

    public static TheoryData<int> TruncationPoints()
    {
        var length = CraftedFile.Valid.Length;
        var headerEnd = 8 + CraftedFile.ValidHeader.Length;
        return new TheoryData<int>(0, 1, 7, 8, 9, headerEnd / 2, headerEnd - 1, headerEnd, headerEnd + 3, length - 1);
    }

    [Theory]
    [MemberData(nameof(TruncationPoints))]
    public void A_truncated_file_is_rejected_wherever_it_ends(int length)
    {
        var bytes = CraftedFile.Valid[..length];
        Fails(bytes);
        Fails(bytes, seekable: false);
    }

    [Fact]
    public void Bytes_after_the_last_tensor_are_rejected()
    {
        var bytes = CraftedFile.Bytes(CraftedFile.ValidHeader, [.. CraftedFile.ValidData, 0]);
        Assert.Contains("32 bytes, but 33 follow", Fails(bytes));
        Assert.Contains("more bytes follow", Fails(bytes, seekable: false));
    }

    [Fact]
    public void A_header_length_past_the_end_is_rejected()
    {
        var bytes = CraftedFile.Bytes(CraftedFile.ValidHeader, CraftedFile.ValidData, claimedLength: 10_000);
        Assert.Contains("header length 10000 runs past the end", Fails(bytes));
        Assert.Contains("header length 10000 runs past the end", Fails(bytes, seekable: false));
    }

    [Theory]
    [InlineData(100_000_001UL)]
    [InlineData(ulong.MaxValue)]
    public void A_header_over_the_cap_is_rejected_before_anything_is_allocated(ulong claimed)
    {
        var bytes = CraftedFile.Bytes(CraftedFile.ValidHeader, CraftedFile.ValidData, claimed);
        Assert.Contains("over the limit of 100000000 bytes", Fails(bytes, seekable: false));
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}""", "not valid JSON")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},}""", "not valid JSON")]
    [InlineData("""["a"]""", "does not start with '{'")]
    [InlineData(""" {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "does not start with '{'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "names 'a' twice")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", "tensor 'a' needs dtype, shape and data_offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", "tensor 'a' has a shape entry")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", "tensor 'a' has a shape entry")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}""", "tensor 'a' has 3 data offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""", "tensor 'a' ends at byte 0 of the data, before it starts at byte 4")]
    [InlineData("""{"__metadata__":{"a":1},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "__metadata__ entry 'a' is not a string")]
    [InlineData("""{"__metadata__":[],"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "__metadata__ is not an object")]
    public void A_malformed_header_is_rejected(string header, string message)
    {
        Assert.Contains(message, Fails(CraftedFile.Bytes(header, CraftedFile.Floats(1))));
    }

    [Fact]
    public void A_header_that_is_not_UTF8_is_rejected()
    {
        byte[] header = [(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        Assert.Contains("not UTF-8", Fails(CraftedFile.Bytes(header, [])));
    }

    [Theory]
    [InlineData("F33")]
    [InlineData("f32")]
    [InlineData("")]
    public void An_unknown_dtype_is_rejected_with_the_tensor_s_name(string dtype)
    {
        var header = $$$"""{"dense.weight":{"dtype":"{{{dtype}}}","shape":[1],"data_offsets":[0,4]}}""";
        Assert.Contains($"tensor 'dense.weight' has the unknown dtype '{dtype}'", Fails(CraftedFile.Bytes(header, CraftedFile.Floats(1))));
    }

    [Fact]
    public void Overlapping_offsets_are_rejected()
    {
        var header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""";
        Assert.Contains("tensor 'b' starts at byte 4 of the data, overlapping", Fails(CraftedFile.Bytes(header, new byte[12])));
    }

    [Fact]
    public void A_gap_between_tensors_is_rejected()
    {
        var header = """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""";
        Assert.Contains("tensor 'b' starts at byte 8 of the data, leaving a gap after byte 4", Fails(CraftedFile.Bytes(header, new byte[12])));
    }

    [Fact]
    public void Data_that_does_not_start_at_offset_0_is_rejected()
    {
        var header = """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""";
        Assert.Contains("tensor 'a' starts at byte 4 of the data, leaving a gap after byte 0", Fails(CraftedFile.Bytes(header, new byte[8])));
    }

    [Theory]
    [InlineData("[2,3]", "[0,20]", "tensor 'w' has shape [2, 3] of F32, which is 24 bytes, but its data offsets [0, 20] span 20")]
    [InlineData("[2,3]", "[0,28]", "which is 24 bytes, but its data offsets [0, 28] span 28")]
    [InlineData("[0]", "[0,4]", "tensor 'w' has shape [0] of F32, which is 0 bytes")]
    public void A_size_that_is_not_the_element_count_times_the_dtype_size_is_rejected(string shape, string offsets, string message)
    {
        var header = $$$"""{"w":{"dtype":"F32","shape":{{{shape}}},"data_offsets":{{{offsets}}}}}""";
        Assert.Contains(message, Fails(CraftedFile.Bytes(header, new byte[28])));
    }

    [Fact]
    public void A_shape_whose_element_count_overflows_is_rejected()
    {
        var header = """{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}""";
        Assert.Contains("tensor 'w' has shape [4294967296, 4294967296], whose size overflows", Fails(CraftedFile.Bytes(header, new byte[4])));
        var bytes = """{"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,4]}}""";
        Assert.Contains("whose size overflows", Fails(CraftedFile.Bytes(bytes, new byte[4])));
    }

    [Fact]
    public void Reading_a_missing_path_throws_the_file_system_s_exception()
    {
        Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".safetensors")));
    }

    [Fact]
    public void Writing_two_tensors_of_one_name_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(new MemoryStream(), [new Tensor("a", 1), new Tensor("a", 2)]));
        Assert.Contains("'a'", error.Message);
    }
}
