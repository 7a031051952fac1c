using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Weft.Datapath.Linux.Abstractions;
using Weft.Local.Cluster;
using Weft.Local.Cni;
using Weft.Local.State;

namespace Weft.Local.Runtime;

/// <summary>
/// Creates and destroys a pod's network: the namespace, loopback, the CNI ADD/DEL of the node's network
/// configuration, and the per-namespace <c>/etc/netns/&lt;netns&gt;/</c> files (<c>resolv.conf</c>, <c>hosts</c>) that
/// <c>ip netns exec</c> bind-mounts over <c>/etc</c> for the pod's processes.
/// </summary>
public sealed class PodNetworkSetup(IProcessRunner runner, INetns netns, CniInvoker cni, ClusterLayout layout, StatePaths paths)
{
    public const string PodInterface = "eth0";

    public static string EtcDirectory(string podNetns) => Path.Combine("/etc/netns", podNetns);

    public async Task<PodNetworkResult> SetUpAsync(PodSandbox sandbox, CancellationToken cancellationToken)
    {
        if (!netns.List(sandbox.Netns).Contains(sandbox.Netns))
        {
            await netns.CreateAsync(sandbox.Netns, cancellationToken);
        }

        var lo = await runner.RunAsync(new ProcessRequest { FileName = "ip", Arguments = ["-n", sandbox.Netns, "link", "set", "lo", "up"] }, cancellationToken);
        if (lo.ExitCode != 0)
        {
            return PodNetworkResult.Failed("NetworkNotReady", $"cannot bring up loopback: {lo.StandardError.Trim()}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ResultFile(sandbox))!);
        var confList = ReadConfList(sandbox.Node);
        var outcome = await cni.AddAsync(confList, sandbox.NodeNetns, Attachment(sandbox), cancellationToken);
        if (!outcome.Succeeded)
        {
            return PodNetworkResult.Failed("FailedCreatePodSandBox", outcome.Error!.ToString());
        }

        JsonFile.Write(ResultFile(sandbox), outcome.Result ?? new JsonObject());
        var addresses = outcome.Addresses
            .Select(a => IPAddress.Parse(a.Split('/')[0]))
            .ToImmutableArray();
        WriteEtcFiles(sandbox, addresses);
        return new PodNetworkResult(addresses, null, null);
    }

    /// <summary>Runs CNI DEL and removes the namespace and its files; safe to repeat, safe for half-created pods.</summary>
    public async Task TearDownAsync(PodSandbox sandbox, CancellationToken cancellationToken)
    {
        var cached = JsonFile.Read<JsonObject>(ResultFile(sandbox));
        await cni.DeleteAsync(ReadConfList(sandbox.Node), sandbox.NodeNetns, Attachment(sandbox), cached, cancellationToken);
        await netns.DeleteAsync(sandbox.Netns, cancellationToken);
        var etc = EtcDirectory(sandbox.Netns);
        if (Directory.Exists(etc))
        {
            Directory.Delete(etc, recursive: true);
        }

        if (File.Exists(ResultFile(sandbox)))
        {
            File.Delete(ResultFile(sandbox));
        }
    }

    /// <summary>resolv.conf as kubelet writes it for ClusterFirst pods: cluster DNS, the search path, ndots:5.</summary>
    public static string ResolvConf(string podNamespace, IPAddress dns, string zone = "cluster.local") =>
        $"search {podNamespace}.svc.{zone} svc.{zone} {zone}\nnameserver {dns}\noptions ndots:5\n";

    private void WriteEtcFiles(PodSandbox sandbox, ImmutableArray<IPAddress> addresses)
    {
        var etc = EtcDirectory(sandbox.Netns);
        Directory.CreateDirectory(etc);
        var dns = layout.Spec.ServiceCidr.AddressAt(10);
        File.WriteAllText(Path.Combine(etc, "resolv.conf"), ResolvConf(sandbox.PodNamespace, dns));
        var hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            + string.Concat(addresses.Select(a => $"{a}\t{sandbox.PodName}\n"));
        File.WriteAllText(Path.Combine(etc, "hosts"), hosts);
        File.WriteAllText(Path.Combine(etc, "hostname"), sandbox.PodName + "\n");
    }

    private JsonObject ReadConfList(string node) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(paths.CniConfDirectory, $"{node}.conflist"))) as JsonObject
        ?? throw new InvalidDataException($"{node}.conflist is not a JSON object");

    private string ResultFile(PodSandbox sandbox) =>
        Path.Combine(paths.PodDirectory(sandbox.PodNamespace, sandbox.PodName), "cni-result.json");

    private static CniAttachment Attachment(PodSandbox sandbox) =>
        new(sandbox.ContainerId, $"{NetnsRef.RunDirectory}/{sandbox.Netns}", PodInterface,
            $"IgnoreUnknown=1;K8S_POD_NAMESPACE={sandbox.PodNamespace};K8S_POD_NAME={sandbox.PodName};K8S_POD_INFRA_CONTAINER_ID={sandbox.ContainerId}");
}
