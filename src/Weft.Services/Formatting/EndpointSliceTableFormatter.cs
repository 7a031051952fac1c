using Weft.Api.Resources;

namespace Weft.Services.Formatting;

/// <summary>
/// Formats EndpointSlices as <c>kubectl get endpointslices</c> does: NAME ADDRESSTYPE PORTS ENDPOINTS AGE,
/// at most three addresses then "+ N more...".
/// </summary>
public static class EndpointSliceTableFormatter
{
    public static string Format(IEnumerable<EndpointSlice> slices, Func<string, DateTimeOffset?> createdAt, DateTimeOffset now, bool allNamespaces = false)
    {
        var headers = new List<string> { "NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE" };
        if (allNamespaces)
        {
            headers.Insert(0, "NAMESPACE");
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var slice in slices)
        {
            var row = new List<string>
            {
                slice.Name,
                slice.AddressType,
                slice.Ports.IsDefaultOrEmpty ? "<unset>" : string.Join(",", slice.Ports.Select(p => p.Port?.ToString() ?? "<unset>")),
                EndpointsColumn(slice),
                createdAt(slice.Key) is { } created ? HumanDuration.Format(now - created) : "<unknown>",
            };
            if (allNamespaces)
            {
                row.Insert(0, slice.Namespace);
            }

            rows.Add(row);
        }

        return TextTable.Render(headers, rows);
    }

    private static string EndpointsColumn(EndpointSlice slice)
    {
        var addresses = slice.Endpoints.SelectMany(e => e.Addresses).ToList();
        if (addresses.Count == 0)
        {
            return "<none>";
        }

        var shown = string.Join(",", addresses.Take(3));
        return addresses.Count > 3 ? $"{shown} + {addresses.Count - 3} more..." : shown;
    }
}
