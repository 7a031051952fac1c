using System.Net;
using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;
using Weft.Policy.Inputs;

namespace Weft.Policy.Tests.Support;

/// <summary>A cluster assembled in a test, compiled on demand, with verdicts addressed by <c>ns/name</c> or IP.</summary>
internal sealed class Cluster
{
    private readonly List<Resource> resources = [];
    private PolicyModel? model;

    public Cluster Add(params Resource[] items)
    {
        resources.AddRange(items);
        model = null;
        return this;
    }

    public PolicyInput Input => PolicyInput.FromResources(resources);

    public PolicyModel Model => model ??= PolicyCompiler.Compile(Input);

    public Verdict Check(string from, string to, int port = 80, Protocol protocol = Protocol.Tcp) =>
        Model.Check(Endpoint(from), Endpoint(to), protocol, port);

    public bool Allowed(string from, string to, int port = 80, Protocol protocol = Protocol.Tcp)
    {
        var verdict = Check(from, to, port, protocol);
        // The explained path and the matrix's fast path must agree.
        if (Model.TryFindPod(from, out var source) && Model.TryFindPod(to, out var destination))
        {
            Model.IsAllowed(source, destination, protocol, port).ShouldBe(verdict.Allowed);
        }

        return verdict.Allowed;
    }

    private TrafficEndpoint Endpoint(string text)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return TrafficEndpoint.External(address);
        }

        Model.TryFindPod(text, out var index).ShouldBeTrue($"pod {text} exists");
        return TrafficEndpoint.Pod(index);
    }
}
