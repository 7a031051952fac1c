namespace Weft.Flows.Output;

/// <summary><c>weft observe -o</c>.</summary>
public enum FlowOutputFormat
{
    Compact,
    Json,
}
