using Weft.Api.Resources;
using Weft.Services.Model;

namespace Weft.Services.Formatting;

/// <summary>
/// Formats services as <c>kubectl get svc</c> does: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, with a
/// leading NAMESPACE column when listing all namespaces.
/// </summary>
public static class ServiceTableFormatter
{
    /// <param name="services">Services in display order.</param>
    /// <param name="createdAt">When each service (by <c>namespace/name</c>) was created, if known.</param>
    /// <param name="now">The current time, from the caller's TimeProvider.</param>
    /// <param name="allNamespaces">Adds the NAMESPACE column.</param>
    public static string Format(IEnumerable<ServiceEntry> services, Func<string, DateTimeOffset?> createdAt, DateTimeOffset now, bool allNamespaces = false)
    {
        var headers = new List<string> { "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE" };
        if (allNamespaces)
        {
            headers.Insert(0, "NAMESPACE");
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var service in services)
        {
            var row = new List<string>
            {
                service.Name,
                service.Type.ToString(),
                ClusterIpColumn(service),
                ExternalIpColumn(service),
                PortsColumn(service),
                createdAt(service.Key) is { } created ? HumanDuration.Format(now - created) : "<unknown>",
            };
            if (allNamespaces)
            {
                row.Insert(0, service.Namespace);
            }

            rows.Add(row);
        }

        return TextTable.Render(headers, rows);
    }

    private static string ClusterIpColumn(ServiceEntry service) =>
        service.ClusterIP?.ToString() ?? (service.Type == ServiceType.ExternalName ? "<none>" : "None");

    private static string ExternalIpColumn(ServiceEntry service) => service.Type switch
    {
        ServiceType.ExternalName => service.ExternalName ?? "<none>",
        ServiceType.LoadBalancer => "<pending>",
        _ => "<none>",
    };

    private static string PortsColumn(ServiceEntry service) =>
        service.Ports.IsDefaultOrEmpty ? "<none>" : string.Join(",", service.Ports.Select(p => p.ToString()));
}
