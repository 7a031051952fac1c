using Weft.Flows.Query;

namespace Weft.Flows.Output;

/// <summary>Renders one stream item as one line of output (no trailing newline).</summary>
public interface IFlowFormatter
{
    string Format(FlowStreamItem item);
}
