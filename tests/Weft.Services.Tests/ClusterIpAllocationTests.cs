using System.Net;
using Weft.Api.Resources;

namespace Weft.Services.Tests;

public sealed class ClusterIpAllocationTests
{
    [Fact]
    public void Compile_NewServices_GetLowestFreeAddressesSkippingReservedOnes()
    {
        var model = Build.Compile(Build.Service("a"), Build.Service("b"));

        model.Services["default/a"].ClusterIP.ShouldBe(IPAddress.Parse("10.96.0.2"));
        model.Services["default/b"].ClusterIP.ShouldBe(IPAddress.Parse("10.96.0.3"));
    }

    [Fact]
    public void Compile_ReservedServices_GetTheirReservedAddresses()
    {
        var model = Build.Compile(Build.Service("kubernetes"), Build.Service("kube-dns", ns: "kube-system"));

        model.Services["default/kubernetes"].ClusterIP.ShouldBe(IPAddress.Parse("10.96.0.1"));
        model.Services["kube-system/kube-dns"].ClusterIP.ShouldBe(IPAddress.Parse("10.96.0.10"));
    }

    [Fact]
    public void Compile_DynamicAllocation_NeverHandsOutTheDnsAddress()
    {
        var services = Enumerable.Range(0, 12).Select(i => Build.Service($"s{i:D2}")).ToArray();

        var model = Build.Compile(services);

        model.Services.Values.Select(s => s.ClusterIP).ShouldNotContain(IPAddress.Parse("10.96.0.10"));
        model.Services.Values.Select(s => s.ClusterIP).ShouldNotContain(IPAddress.Parse("10.96.0.1"));
    }

    [Fact]
    public void Compile_RequestedClusterIP_IsHonoured()
    {
        var model = Build.Compile(Build.Service("a", clusterIP: "10.96.5.5"));

        model.Services["default/a"].ClusterIP.ShouldBe(IPAddress.Parse("10.96.5.5"));
    }

    [Fact]
    public void Compile_Recompile_KeepsAddressesEvenWhenEarlierServicesAreRemoved()
    {
        var first = Build.Compile(Build.Service("a"), Build.Service("b"), Build.Service("c"));

        var second = Build.CompileOk(first, new ServiceInputs { Services = [Build.Service("c"), Build.Service("d"), Build.Service("b")] });

        second.Services["default/b"].ClusterIP.ShouldBe(first.Services["default/b"].ClusterIP);
        second.Services["default/c"].ClusterIP.ShouldBe(first.Services["default/c"].ClusterIP);
        second.Services["default/d"].ClusterIP.ShouldBe(IPAddress.Parse("10.96.0.2"));
    }

    [Fact]
    public void Compile_ConflictingRequest_ReportsDiagnosticWithLocationAndKeepsPreviousModel()
    {
        var first = Build.Compile(Build.Service("a", clusterIP: "10.96.0.50"));

        var result = ServiceCompiler.Compile(first, new ServiceInputs
        {
            Services = [Build.Service("a", clusterIP: "10.96.0.50"), Build.Service("b", clusterIP: "10.96.0.50")],
        });

        result.HasErrors.ShouldBeTrue();
        result.Model.ShouldBeSameAs(first);
        result.Diagnostics.Single().ToString().ShouldBe("b.yaml:3:1: spec.clusterIP: provided IP 10.96.0.50 is already allocated to service default/a");
    }

    [Fact]
    public void Compile_RequestForAnotherServicesAllocatedAddress_IsRejectedAndTheHolderKeepsIt()
    {
        var first = Build.Compile(Build.Service("web"));
        var held = first.Services["default/web"].ClusterIP!.ToString();

        var result = ServiceCompiler.Compile(first, new ServiceInputs
        {
            Services = [Build.Service("web"), Build.Service("other", clusterIP: held)],
        });

        result.HasErrors.ShouldBeTrue();
        result.Model.ShouldBeSameAs(first);
        result.Diagnostics.Single().Message.ShouldBe($"provided IP {held} is already allocated to service default/web");
    }

    [Fact]
    public void Compile_ConflictingRequest_ExistingOwnerWinsRegardlessOfName()
    {
        var first = Build.Compile(Build.Service("z", clusterIP: "10.96.0.50"));

        var result = ServiceCompiler.Compile(first, new ServiceInputs
        {
            Services = [Build.Service("a", clusterIP: "10.96.0.50"), Build.Service("z", clusterIP: "10.96.0.50")],
        });

        result.Diagnostics.Single().Message.ShouldContain("already allocated to service default/z");
    }

    [Theory]
    [InlineData("10.97.0.5", "not in the valid range")]
    [InlineData("10.96.0.0", "not in the valid range")]
    [InlineData("10.96.255.255", "not in the valid range")]
    [InlineData("banana", "not a valid IP address")]
    public void Compile_InvalidRequestedClusterIP_IsRejected(string requested, string message)
    {
        var result = ServiceCompiler.Compile(ServiceModel.Empty, new ServiceInputs { Services = [Build.Service("a", clusterIP: requested)] });

        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Field.ShouldBe("spec.clusterIP");
        diagnostic.Message.ShouldContain(message);
    }

    [Fact]
    public void Compile_HeadlessAndExternalName_GetNoAddress()
    {
        var external = Build.Service("ext", type: ServiceType.ExternalName) with { ExternalName = "example.org" };

        var model = Build.Compile(Build.Service("h", app: "h", clusterIP: "None"), external);

        model.Services["default/h"].ClusterIP.ShouldBeNull();
        model.Services["default/h"].Headless.ShouldBeTrue();
        model.Services["default/ext"].ClusterIP.ShouldBeNull();
    }

    [Fact]
    public void Compile_EveryCompile_IncrementsRevision()
    {
        var first = Build.Compile(Build.Service("a"));

        var second = Build.CompileOk(first, new ServiceInputs { Services = [Build.Service("a")] });

        second.Revision.ShouldBe(first.Revision + 1);
    }
}
