namespace System.Runtime.CompilerServices;

// Interpolated string handlers need these types, which netstandard2.0 lacks; the compiler only looks for their names.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
internal sealed class InterpolatedStringHandlerAttribute : Attribute;

[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
internal sealed class InterpolatedStringHandlerArgumentAttribute(params string[] arguments) : Attribute
{
    public string[] Arguments { get; } = arguments;
}
