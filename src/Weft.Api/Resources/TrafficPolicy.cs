namespace Weft.Api.Resources;

public enum TrafficPolicy
{
    Cluster,
    Local,
}
