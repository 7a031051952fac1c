using Weft.Api.Resources;

namespace Weft.Api.Tests.Manifests;

public sealed class ServiceDecodeTests
{
    [Fact]
    public void Decode_Service_ReadsEverySupportedField()
    {
        var service = ManifestText.Single<Service>("""
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              type: NodePort
              clusterIP: 10.96.0.20
              selector: {app: web}
              ports:
              - {name: http, port: 80, targetPort: http, nodePort: 30080, appProtocol: http}
              - {name: dns, protocol: UDP, port: 53, targetPort: 5353}
              - {name: plain, port: 8080}
              sessionAffinity: ClientIP
              sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
              internalTrafficPolicy: Local
              externalTrafficPolicy: Local
              publishNotReadyAddresses: true
            """);

        service.Type.ShouldBe(ServiceType.NodePort);
        service.ClusterIP.ShouldBe("10.96.0.20");
        service.IsHeadless.ShouldBeFalse();
        service.Selector!["app"].ShouldBe("web");
        service.Ports.ShouldBe([
            new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromName("http"), NodePort = 30080, AppProtocol = "http" },
            new ServicePort { Name = "dns", Protocol = Protocol.Udp, Port = 53, TargetPort = IntOrString.FromNumber(5353) },
            new ServicePort { Name = "plain", Port = 8080 },
        ]);
        service.SessionAffinity.ShouldBe(SessionAffinity.ClientIP);
        service.SessionAffinityTimeoutSeconds.ShouldBe(600);
        service.InternalTrafficPolicy.ShouldBe(TrafficPolicy.Local);
        service.ExternalTrafficPolicy.ShouldBe(TrafficPolicy.Local);
        service.PublishNotReadyAddresses.ShouldBeTrue();
    }

    [Fact]
    public void Decode_HeadlessServiceWithoutSelector_HasNullSelectorAndDefaults()
    {
        var service = ManifestText.Single<Service>("""
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec: {clusterIP: None, ports: [{port: 5432}]}
            """);

        service.IsHeadless.ShouldBeTrue();
        service.Selector.ShouldBeNull();
        service.Type.ShouldBe(ServiceType.ClusterIP);
        service.SessionAffinity.ShouldBe(SessionAffinity.None);
        service.SessionAffinityTimeoutSeconds.ShouldBe(10800);
        service.Ports[0].TargetPort.ShouldBeNull();
    }

    [Fact]
    public void Decode_ExternalNameService_NeedsNoPorts()
    {
        ManifestText.Single<Service>("""
            apiVersion: v1
            kind: Service
            metadata: {name: ext}
            spec: {type: ExternalName, externalName: db.example.com}
            """).ExternalName.ShouldBe("db.example.com");
    }

    [Fact]
    public void Validate_ServiceProblems_AreAllReported()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Service
            metadata: {name: 1web}
            spec:
              type: Clusterip
              clusterIP: 10.96.0
              ports:
              - {port: 80, targetPort: 0, nodePort: 30000}
              - {name: http, port: 70000, protocol: tcp, targetPort: Http}
              - {name: http, port: 81}
              sessionAffinityConfig: {clientIP: {timeoutSeconds: 90000}}
            """).ShouldBe("""
            t.yaml:3:18: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123')
            t.yaml:5:9: spec.type: Unsupported value: "Clusterip": supported values: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"
            t.yaml:6:14: spec.clusterIP: Invalid value: "10.96.0": must be empty, 'None', or a valid IP address
            t.yaml:8:5: spec.ports[0].name: Required value: every port of a multi-port service needs a name
            t.yaml:8:28: spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive
            t.yaml:8:41: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'
            t.yaml:9:24: spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive
            t.yaml:9:41: spec.ports[1].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"
            t.yaml:9:58: spec.ports[1].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)
            t.yaml:10:12: spec.ports[2].name: Duplicate value: "http"
            t.yaml:11:54: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than or equal to 86400
            """);
    }

    [Fact]
    public void Validate_ServiceWithoutPorts_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {selector: {app: web}}
            """).ShouldBe("t.yaml:4:7: spec.ports: Required value");
    }

    [Fact]
    public void Validate_ExternalNameWithoutName_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Service
            metadata: {name: ext}
            spec: {type: ExternalName}
            """).ShouldBe("t.yaml:4:7: spec.externalName: Required value: an ExternalName service needs a DNS name");
    }

    [Fact]
    public void Decode_EndpointSlice_ReadsEndpointsAndPorts()
    {
        var slice = ManifestText.Single<EndpointSlice>("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: web-abc
              namespace: shop
              labels: {kubernetes.io/service-name: web}
            addressType: IPv4
            endpoints:
            - addresses: [10.244.1.5]
              conditions: {ready: true, serving: true, terminating: false}
              hostname: web-0
              nodeName: node1
              targetRef: {kind: Pod, name: web-0}
            - addresses: [10.244.2.7]
              targetRef: {kind: Pod, name: web-1, namespace: other}
            - addresses: [10.244.3.1]
            ports:
            - {name: http, port: 8080, protocol: TCP, appProtocol: http}
            - {}
            """);

        slice.ServiceName.ShouldBe("web");
        slice.AddressType.ShouldBe("IPv4");
        slice.Endpoints.ShouldBe([
            new Endpoint { Addresses = slice.Endpoints[0].Addresses, Ready = true, Serving = true, Terminating = false, Hostname = "web-0", NodeName = "node1", TargetPod = "shop/web-0" },
            new Endpoint { Addresses = slice.Endpoints[1].Addresses, TargetPod = "other/web-1" },
            new Endpoint { Addresses = slice.Endpoints[2].Addresses },
        ]);
        slice.Endpoints.Select(e => e.Addresses.Single()).ShouldBe(["10.244.1.5", "10.244.2.7", "10.244.3.1"]);
        slice.Ports.ShouldBe([
            new EndpointPort { Name = "http", Port = 8080, Protocol = Protocol.Tcp, AppProtocol = "http" },
            new EndpointPort(),
        ]);
    }

    [Fact]
    public void Validate_EndpointSliceProblems_AreAllReported()
    {
        ManifestText.Errors("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: s}
            addressType: IPv6
            endpoints:
            - addresses: [10.0.0.1, "fd00::1", nonsense]
              conditions: {ready: maybe}
            - {}
            ports: [{port: 0}]
            """).ShouldBe("""
            t.yaml:6:15: endpoints[0].addresses[0]: Invalid value: "10.0.0.1": must be an IPv6 address
            t.yaml:6:36: endpoints[0].addresses[2]: Invalid value: "nonsense": must be a valid IP address
            t.yaml:7:23: endpoints[0].conditions.ready: must be a boolean (true or false), not the string "maybe"
            t.yaml:8:3: endpoints[1].addresses: Required value
            t.yaml:9:16: ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
            """);
    }

    [Fact]
    public void Validate_EndpointSliceWithoutAddressType_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: s}
            endpoints: []
            """).ShouldBe("t.yaml:1:1: addressType: Required value");
    }
}
