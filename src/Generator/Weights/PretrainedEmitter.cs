namespace NetForge.Generator.Weights;

/// <summary>Emits <c>Pretrained()</c>, in a part of the network's class of its own, for a weights file that checked.</summary>
internal static class PretrainedEmitter
{
    public static string Emit(WeightsRequest request, WeightsHeader file)
    {
        var w = new IndentedWriter();
        w.Open($"{request.Accessibility} sealed partial class {request.Name}");
        w.Line($"/// <summary>The resource this assembly holds {Xml(request.Written)} as, checked against the network when it was built.</summary>");
        w.Line($"private const string _weightsResource = {Literal(file.Resource)};");
        w.Line();
        w.Line($"/// <summary>Creates the network with the trained weights compiled into this assembly from {Xml(request.Written)}.</summary>");
        w.Open($"public static {request.Name} Pretrained()");
        w.Line($"var network = new {request.Name}();");
        w.Line($"using var stream = typeof({request.Name}).Assembly.GetManifestResourceStream(_weightsResource)");
        w.Line($"    ?? throw new global::System.InvalidOperationException(\"The assembly lacks its weights resource \" + _weightsResource + \".\");");
        w.Line("global::NetForge.NetworkWeights.LoadWeights(network, stream, null, _weightsResource);");
        w.Line("return network;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Literal(string text) =>
        Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);
}
