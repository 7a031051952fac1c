namespace Weft.Api.Resources;

public enum PolicyType
{
    Ingress,
    Egress,
}
