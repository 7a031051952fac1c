using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Api.Workloads;
using Weft.Local.Scheduling;

namespace Weft.Cli.Tests.Policy;

/// <summary>`weft policy` and the local cluster must name a Deployment's pods identically.</summary>
public sealed class DeploymentNamingTests
{
    [Fact]
    public void DeploymentExpander_NamesPodsLikeTheLocalRuntime()
    {
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = "frontend", Namespace = "shop" },
            Replicas = 3,
            Selector = new LabelSelector(),
            Template = new PodTemplate
            {
                Labels = System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("app", "frontend"),
                Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "weft/echo", Ports = [new ContainerPort { Name = "http", Port = 80 }] }] },
            },
        };
        var policy = DeploymentExpander.Expand(deployment).Select(p => (p.Key, p.Metadata.Labels[DeploymentExpander.PodTemplateHashLabel]));
        var runtime = WorkloadExpander.Expand(deployment).Select(p => (p.Key, p.Metadata.Labels[WorkloadExpander.TemplateHashLabel]));
        policy.ShouldBe(runtime);
    }
}
