namespace ATTR35.Microsoft365;

/// <summary>The stable finding codes. The contract's codes never change; codes are only ever added.</summary>
public static class FindingCodes
{
#pragma warning disable CS1591 // Each name is its own documentation; about_ATTR35 explains them.
    public const string MxDomainNotFound = nameof(MxDomainNotFound);
    public const string MxNoRecords = nameof(MxNoRecords);
    public const string MxNullMx = nameof(MxNullMx);
    public const string MxLegacyHost = nameof(MxLegacyHost);
    public const string MxIpLiteral = nameof(MxIpLiteral);
    public const string MxClientSubmissionHost = nameof(MxClientSubmissionHost);
    public const string MxNotAssignedHost = nameof(MxNotAssignedHost);
    public const string MxCloudMismatch = nameof(MxCloudMismatch);
    public const string MxTargetUnresolvable = nameof(MxTargetUnresolvable);
    public const string MxMultipleMicrosoftHosts = nameof(MxMultipleMicrosoftHosts);
    public const string MxDnssecTransition = nameof(MxDnssecTransition);
    public const string MxMixedProviders = nameof(MxMixedProviders);
    public const string MxNotMicrosoft365 = nameof(MxNotMicrosoft365);
    public const string MxTargetIsAlias = nameof(MxTargetIsAlias);
    public const string MxAuthoritativeMismatch = nameof(MxAuthoritativeMismatch);
    public const string MxLookupFailed = nameof(MxLookupFailed);

    // Added beyond the contract's table.
    public const string MxAssignedHost = nameof(MxAssignedHost);
    public const string MxAuthoritativeLookupFailed = nameof(MxAuthoritativeLookupFailed);

    // Test-InboundConnector (the contract's table).
    public const string ConnectorNone = nameof(ConnectorNone);
    public const string ConnectorNoMatch = nameof(ConnectorNoMatch);
    public const string ConnectorMatchDisabled = nameof(ConnectorMatchDisabled);
    public const string ConnectorMatchPartner = nameof(ConnectorMatchPartner);
    public const string ConnectorCertificateDomainNotAccepted = nameof(ConnectorCertificateDomainNotAccepted);
    public const string ConnectorAmbiguousMatch = nameof(ConnectorAmbiguousMatch);
    public const string ConnectorInvalidSenderIPAddress = nameof(ConnectorInvalidSenderIPAddress);
    public const string ConnectorPrivateAddress = nameof(ConnectorPrivateAddress);
    public const string ConnectorIPBasedOnly = nameof(ConnectorIPBasedOnly);
    public const string ConnectorCertificateExpiring = nameof(ConnectorCertificateExpiring);
    public const string ConnectorMatched = nameof(ConnectorMatched);

    // Test-InboundConnector, added beyond the contract's table.
    public const string ConnectorOverlap = nameof(ConnectorOverlap);
    public const string ConnectorInvalidCertificateName = nameof(ConnectorInvalidCertificateName);
    public const string ConnectorSendingServerFailed = nameof(ConnectorSendingServerFailed);
#pragma warning restore CS1591
}
