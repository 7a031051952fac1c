using Weft.Api.Resources;
using Weft.Api.Workloads;
using Weft.Policy.Tests.Support;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Policy.Tests.Evaluation;

public sealed class CompilationTests
{
    [Fact]
    public void Compile_PodsWithSameNamespaceAndLabels_ShareOneIdentity()
    {
        var model = new Cluster().Add(Pod("x/a1", "app=a"), Pod("x/a2", "app=a"), Pod("y/a", "app=a"), Pod("x/b", "app=b")).Model;
        model.IdentityCount.ShouldBe(3);
        model.TryFindPod("x/a1", out var a1).ShouldBeTrue();
        model.TryFindPod("x/a2", out var a2).ShouldBeTrue();
        model.IdentityOf(a1).ShouldBe(model.IdentityOf(a2));
    }

    [Fact]
    public void Compile_IdentitiesSelectedBySamePolicies_ShareCompiledPolicy()
    {
        var model = new Cluster().Add(Pod("x/a", "app=a"), Pod("x/b", "app=b"), Pod("x/c", "app=c"), Np("x/all", Sel(""))).Model;
        // ingress: one shared (selected by x/all); egress: one shared (nothing selects).
        model.DistinctDirectionPolicies.ShouldBe(2);
    }

    [Fact]
    public void Compile_Pods_AreOrderedByNamespaceAndName()
    {
        var model = new Cluster().Add(Pod("y/a"), Pod("x/b"), Pod("x/a")).Model;
        model.Pods.Select(p => p.Key).ShouldBe(["x/a", "x/b", "y/a"]);
    }

    [Fact]
    public void Compile_Deployment_ExpandsIntoLabelledPods()
    {
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Replicas = 2,
            Selector = Sel("app=web"),
            Template = new PodTemplate { Labels = Labels("app=web"), Spec = new PodSpec { Containers = [new Container { Name = "c" }] } },
        };
        var model = new Cluster().Add(deployment).Model;
        model.Pods.Length.ShouldBe(2);
        model.Pods.ShouldAllBe(p => p.Name.StartsWith("web-") && p.Metadata.Labels["app"] == "web");
    }

    [Fact]
    public void DeploymentExpander_SameDeployment_GivesSameDistinctNames()
    {
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Replicas = 3,
            Selector = Sel("app=web"),
            Template = new PodTemplate { Labels = Labels("app=web"), Spec = new PodSpec() },
        };
        var first = DeploymentExpander.Expand(deployment).Select(p => p.Name).ToArray();
        var second = DeploymentExpander.Expand(deployment).Select(p => p.Name).ToArray();
        first.ShouldBe(second);
        first.Distinct().Count().ShouldBe(3);
        first.ShouldAllBe(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^web-[a-z0-9]{10}-[a-z0-9]{5}$"));
    }
}
