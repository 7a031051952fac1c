using System.Net;
using Weft.Api.Manifests;
using Weft.Api.Resources;

namespace Weft.Api.Tests.Manifests;

public sealed class WorkloadDecodeTests
{
    [Fact]
    public void Decode_Namespace_ReadsLabelsAndIgnoresNamespaceField()
    {
        var ns = ManifestText.Single<Namespace>("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              namespace: whatever
              labels: {team: shop, kubernetes.io/metadata.name: shop}
              annotations: {example.com/owner: "Jane Doe"}
            """);

        ns.Key.ShouldBe("shop");
        ns.Namespace.ShouldBeEmpty();
        ns.Metadata.Labels.Keys.ShouldBe(["kubernetes.io/metadata.name", "team"]);
        ns.Metadata.Annotations["example.com/owner"].ShouldBe("Jane Doe");
    }

    [Fact]
    public void Decode_Namespace_GetsTheMetadataNameLabelAsTheApiServerSetsIt()
    {
        var ns = ManifestText.Single<Namespace>("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {kubernetes.io/metadata.name: other, team: a}}
            """);

        ns.Metadata.Labels["kubernetes.io/metadata.name"].ShouldBe("shop");
        ns.Metadata.Labels["team"].ShouldBe("a");
    }

    [Fact]
    public void Decode_Pod_ReadsSpecContainersProbesAndStatus()
    {
        var pod = ManifestText.Single<Pod>("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web-0, namespace: shop, labels: {app: web}}
            spec:
              nodeName: node1
              hostname: web-0
              subdomain: web
              serviceAccountName: web
              restartPolicy: OnFailure
              containers:
              - name: app
                image: weft/echo
                command: [/bin/echo]
                args: ["--port", "8080"]
                ports:
                - {name: http, containerPort: 8080}
                - {name: dns, containerPort: 53, protocol: UDP}
                env:
                - {name: MODE, value: fast}
                - name: EMPTY
                readinessProbe:
                  httpGet: {path: /healthz, port: http}
                  initialDelaySeconds: 2
                  periodSeconds: 5
                livenessProbe:
                  tcpSocket: {port: 8080}
                  timeoutSeconds: 3
                  successThreshold: 1
                  failureThreshold: 6
              - name: sidecar
                readinessProbe:
                  exec: {command: [cat, /tmp/ready]}
            status:
              podIP: 10.244.1.5
              podIPs: [{ip: 10.244.1.5}, {ip: "fd00::5"}]
            """);

        pod.Key.ShouldBe("shop/web-0");
        pod.Spec.NodeName.ShouldBe("node1");
        pod.Spec.Hostname.ShouldBe("web-0");
        pod.Spec.Subdomain.ShouldBe("web");
        pod.Spec.ServiceAccountName.ShouldBe("web");
        pod.Spec.RestartPolicy.ShouldBe(RestartPolicy.OnFailure);
        pod.PodIPs.ShouldBe([IPAddress.Parse("10.244.1.5"), IPAddress.Parse("fd00::5")]);

        var app = pod.Spec.Containers[0];
        app.Name.ShouldBe("app");
        app.Image.ShouldBe("weft/echo");
        app.Command.ShouldBe(["/bin/echo"]);
        app.Args.ShouldBe(["--port", "8080"]);
        app.Ports.ShouldBe([
            new ContainerPort { Name = "http", Port = 8080, Protocol = Protocol.Tcp },
            new ContainerPort { Name = "dns", Port = 53, Protocol = Protocol.Udp },
        ]);
        app.Env.ShouldBe([new EnvVar("MODE", "fast"), new EnvVar("EMPTY", "")]);
        app.ReadinessProbe!.HttpGet.ShouldBe(new HttpGetAction { Path = "/healthz", Port = IntOrString.FromName("http") });
        app.ReadinessProbe.InitialDelaySeconds.ShouldBe(2);
        app.ReadinessProbe.PeriodSeconds.ShouldBe(5);
        app.ReadinessProbe.TimeoutSeconds.ShouldBe(1);
        app.LivenessProbe!.TcpSocketPort.ShouldBe(IntOrString.FromNumber(8080));
        app.LivenessProbe.TimeoutSeconds.ShouldBe(3);
        app.LivenessProbe.FailureThreshold.ShouldBe(6);
        pod.Spec.Containers[1].ReadinessProbe!.ExecCommand.ShouldBe(["cat", "/tmp/ready"]);
    }

    [Fact]
    public void Decode_PodWithoutStatus_HasNoAddressesAndDefaults()
    {
        var pod = ManifestText.Single<Pod>("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {containers: [{name: c}], hostNetwork: true}
            """);

        pod.Namespace.ShouldBe("default");
        pod.PodIPs.IsDefault.ShouldBeFalse();
        pod.PodIPs.ShouldBeEmpty();
        pod.Spec.RestartPolicy.ShouldBe(RestartPolicy.Always);
        pod.Spec.HostNetwork.ShouldBeTrue();
        pod.Spec.Containers[0].Ports.ShouldBeEmpty();
    }

    [Fact]
    public void Decode_Deployment_ReadsReplicasSelectorAndTemplate()
    {
        var deployment = ManifestText.Single<Deployment>("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata:
                  labels: {app: web, version: v2}
                  annotations: {weft.dev/mesh: "true"}
                spec:
                  containers: [{name: web, image: weft/echo, ports: [{containerPort: 80, name: http}]}]
            """);

        deployment.Replicas.ShouldBe(3);
        deployment.Selector.MatchLabels["app"].ShouldBe("web");
        deployment.Template.Labels.Count.ShouldBe(2);
        deployment.Template.Annotations["weft.dev/mesh"].ShouldBe("true");
        deployment.Template.Spec.Containers.ShouldHaveSingleItem().Ports.ShouldHaveSingleItem().Name.ShouldBe("http");
    }

    [Fact]
    public void Decode_DeploymentWithoutReplicas_DefaultsToOne()
    {
        ManifestText.Single<Deployment>("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}
            """).Replicas.ShouldBe(1);
    }

    [Fact]
    public void Validate_DeploymentSelectorNotMatchingTemplate_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: -1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: api}}
                spec: {containers: [{name: c}]}
            """).ShouldBe("""
            t.yaml:5:13: spec.replicas: Invalid value: -1: must be greater than or equal to 0
            t.yaml:8:15: spec.template.metadata.labels: Invalid value: `selector` does not match template `labels` (selector: app=web)
            """);
    }

    [Fact]
    public void Validate_DeploymentMissingSelectorAndTemplate_AreRequired()
    {
        ManifestText.Errors("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {replicas: 1}
            """).ShouldBe("""
            t.yaml:4:7: spec.selector: Required value
            t.yaml:4:7: spec.template: Required value
            """);
    }

    [Fact]
    public void Validate_PodContainerProblems_AreAllReported()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              restartPolicy: always
              containers:
              - image: nginx
              - name: Web
                ports:
                - containerPort: 0
                - {containerPort: "80"}
                - {containerPort: 81, name: a-very-long-port-name, protocol: ICMP}
                - {containerPort: 82, name: http}
                - {containerPort: 83, name: http}
              - name: dup
              - name: dup
                readinessProbe: {periodSeconds: 0}
            status: {podIP: 10.1}
            """).ShouldBe("""
            t.yaml:5:18: spec.restartPolicy: Unsupported value: "always": supported values: "Always", "OnFailure", "Never"
            t.yaml:7:5: spec.containers[0].name: Required value
            t.yaml:8:11: spec.containers[1].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')
            t.yaml:10:22: spec.containers[1].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive
            t.yaml:11:23: spec.containers[1].ports[1].containerPort: must be an integer, not the string "80"
            t.yaml:12:33: spec.containers[1].ports[2].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters
            t.yaml:12:66: spec.containers[1].ports[2].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"
            t.yaml:14:33: spec.containers[1].ports[4].name: Duplicate value: "http"
            t.yaml:16:11: spec.containers[3].name: Duplicate value: "dup"
            t.yaml:17:21: spec.containers[3].readinessProbe: Required value: must specify a handler type (tcpSocket, httpGet, exec or grpc)
            t.yaml:17:37: spec.containers[3].readinessProbe.periodSeconds: Invalid value: 0: must be greater than or equal to 1
            t.yaml:18:17: status.podIP: Invalid value: "10.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)
            """);
    }

    [Fact]
    public void Validate_PodSpecOfWrongType_IsReportedOnce()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: [c]
            """).ShouldBe("t.yaml:4:7: spec: must be an object, not a list");
    }

    [Fact]
    public void Decode_MisspeltFields_AreWarnedNotSilentlyDropped()
    {
        var result = ManifestText.Parse("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              label: {app: web}
            spec:
              containers:
              - name: c
                readinessprobe: {tcpSocket: {port: 80}}
                resources: {limits: {cpu: 1}}
            """);

        result.HasErrors.ShouldBeFalse();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe([
            "t.yaml:5:3: metadata.label: unknown field, ignored",
            "t.yaml:9:5: spec.containers[0].readinessprobe: unknown field, ignored",
        ]);
    }

    [Fact]
    public void Validate_PodWithoutContainers_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {containers: []}
            """).ShouldBe("t.yaml:4:20: spec.containers: Required value: a pod needs at least one container");
    }

    [Fact]
    public void Validate_ProbeWithTwoHandlersAndBadPort_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: c
                livenessProbe:
                  tcpSocket: {port: 0}
                  httpGet: {port: Http}
            """).ShouldBe("""
            t.yaml:8:7: spec.containers[0].livenessProbe: Forbidden: may not specify more than 1 handler type
            t.yaml:8:25: spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive
            t.yaml:9:23: spec.containers[0].livenessProbe.httpGet.port: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)
            """);
    }
}
