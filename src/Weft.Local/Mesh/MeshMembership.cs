using System.Net;
using System.Text;
using Weft.Api.Resources;
using Weft.Services;

namespace Weft.Local.Mesh;

/// <summary>
/// What a sidecar needs to know about the rest of the mesh, rendered as plain text for <c>GET /v1/mesh/members</c>
/// (watched by every proxy through <c>MembersFeed</c>; parsed by <c>Weft.Mesh.ControlPlane.MeshMembers</c>):
/// <code>
/// pod 10.244.1.5 spiffe://cluster.local/ns/…   a pod with a proxy and its identity: originate mTLS to it
/// svc 10.96.0.12:80 10.244.1.5:8080 …          a ClusterIP TCP port and its ready endpoints, balanced per request
/// </code>
/// Pure: the model and the meshed pod IPs in, text out (sorted, so unchanged state renders identically).
/// </summary>
public static class MeshMembership
{
    /// <param name="identities">A meshed pod's SPIFFE ID (the dst_id of requests towards it), null when unknown.</param>
    public static string Render(ServiceModel services, IEnumerable<IPAddress> meshedPods, Func<IPAddress, string?>? identities = null)
    {
        var text = new StringBuilder();
        foreach (var pod in meshedPods.Distinct().OrderBy(p => p.ToString(), StringComparer.Ordinal))
        {
            text.Append("pod ").Append(pod);
            if (identities?.Invoke(pod) is { Length: > 0 } identity) text.Append(' ').Append(identity);
            text.Append('\n');
        }

        foreach (var service in services.Services.Values)
        {
            if (service.ClusterIP is not { } clusterIp || service.Headless)
            {
                continue;
            }

            foreach (var port in service.Ports.Where(p => p.Protocol == Protocol.Tcp))
            {
                text.Append("svc ").Append(new IPEndPoint(clusterIp, port.Port).ToString());
                foreach (var backend in port.Backends.Where(b => b.Ready && !b.Terminating).Select(b => b.ToString()).Order(StringComparer.Ordinal))
                {
                    text.Append(' ').Append(backend);
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

}
