using System.Net;
using System.Text.Json;
using Weft.Cni.Spec;

namespace Weft.Cni.Ipam;

/// <summary>The <c>weft-ipam</c> plugin: a request in, an outcome out.</summary>
public static class IpamPlugin
{
    public const string TypeName = "weft-ipam";

    public static CniOutcome Handle(CniRequest request)
    {
        var (config, error) = IpamConfigParser.Parse(request.Config);
        if (error is not null)
        {
            return CniOutcome.Failure(error);
        }

        CniTrace.Mark("ipam config parsed");
        var fault = CniFaults.From(request.Environment);
        var store = new FileAllocationStore(Path.Combine(config!.DataDir, config.NetworkName), fault);
        var service = new IpamService(config, store, fault);
        var key = new AttachmentKey(request.ContainerId, request.IfName);
        try
        {
            return request.Command switch
            {
                CniCommand.Add => service.Add(key),
                CniCommand.Del => service.Del(key),
                CniCommand.Check => Check(request, service, key),
                CniCommand.Gc => Gc(request, service),
                CniCommand.Status => service.Status(),
                _ => CniOutcome.Failure(new CniError(CniErrorCode.InvalidEnvironment, $"unsupported command {request.Command}")),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CniOutcome.Failure(new CniError(CniErrorCode.IoFailure, $"weft-ipam: cannot use {config.DataDir}", e.Message));
        }
    }

    private static CniOutcome Check(CniRequest request, IpamService service, AttachmentKey key)
    {
        var expected = new List<IPAddress>();
        if (request.Config.TryGetProperty("prevResult", out var prev) && CniJson.TryReadResult(prev, out var result, out _))
        {
            expected.AddRange(result!.Ips.Select(ip => ip.Address.Address));
        }

        return service.Check(key, expected);
    }

    private static CniOutcome Gc(CniRequest request, IpamService service)
    {
        var (valid, error) = ReadValidAttachments(request.Config);
        return error is null ? service.Gc(valid!) : CniOutcome.Failure(error);
    }

    /// <summary>Reads <c>cni.dev/valid-attachments</c>, which the runtime adds to the configuration for GC.</summary>
    public static (IReadOnlySet<AttachmentKey>? Valid, CniError? Error) ReadValidAttachments(JsonElement config)
    {
        if (!config.TryGetProperty("cni.dev/valid-attachments", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return (null, CniError.InvalidConfig("cni.dev/valid-attachments: GC needs the list of valid attachments"));
        }

        var valid = new HashSet<AttachmentKey>();
        foreach (var item in list.EnumerateArray())
        {
            var id = CniJson.String(item, "containerID");
            var ifName = CniJson.String(item, "ifname");
            if (id is null || ifName is null)
            {
                return (null, CniError.InvalidConfig("cni.dev/valid-attachments: each entry needs containerID and ifname"));
            }

            valid.Add(new AttachmentKey(id, ifName));
        }

        return (valid, null);
    }
}
