using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Api.Workloads;

namespace Weft.Cli.Tests.Policy;

/// <summary>
/// `weft policy` and the local cluster both name a Deployment's pods with <see cref="DeploymentExpander"/>; the names
/// must be Kubernetes-shaped, stable, distinct, and change only when the pod template changes.
/// </summary>
public sealed class DeploymentNamingTests
{
    private static Deployment Frontend(int replicas, string image = "weft/echo") => new()
    {
        Metadata = new ObjectMeta { Name = "frontend", Namespace = "shop" },
        Replicas = replicas,
        Selector = new LabelSelector(),
        Template = new PodTemplate
        {
            Labels = System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("app", "frontend"),
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = image, Ports = [new ContainerPort { Name = "http", Port = 80 }] }] },
        },
    };

    [Fact]
    public void Expand_NamesPodsDeploymentHashSuffix_Deterministically()
    {
        var first = DeploymentExpander.Expand(Frontend(3)).Select(p => p.Name).ToList();
        var again = DeploymentExpander.Expand(Frontend(3)).Select(p => p.Name).ToList();

        again.ShouldBe(first);
        first.Distinct().Count().ShouldBe(3);
        first.ShouldAllBe(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^frontend-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$"));
    }

    [Fact]
    public void Expand_ScalingUp_KeepsExistingPodNames()
    {
        var three = DeploymentExpander.Expand(Frontend(3)).Select(p => p.Name);
        var five = DeploymentExpander.Expand(Frontend(5)).Select(p => p.Name);

        five.Take(3).ShouldBe(three);
    }

    [Fact]
    public void Expand_ChangedTemplate_ChangesTheTemplateHash()
    {
        var before = DeploymentExpander.Expand(Frontend(1))[0];
        var after = DeploymentExpander.Expand(Frontend(1, image: "weft/echo:2"))[0];

        after.Metadata.Labels[DeploymentExpander.PodTemplateHashLabel].ShouldNotBe(before.Metadata.Labels[DeploymentExpander.PodTemplateHashLabel]);
    }
}
