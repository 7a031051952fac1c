namespace Weft.Api.Resources;

public enum ServiceType
{
    ClusterIP,
    NodePort,
    LoadBalancer,
    ExternalName,
}
