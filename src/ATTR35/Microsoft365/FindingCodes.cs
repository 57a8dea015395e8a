namespace ATTR35.Microsoft365;

/// <summary>The stable finding codes. The contract's codes never change; codes are only ever added.</summary>
internal static class FindingCodes
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

    public const string SmartHostIpLiteral = nameof(SmartHostIpLiteral);
    public const string SmartHostLegacyHost = nameof(SmartHostLegacyHost);
    public const string SmartHostClientSubmission = nameof(SmartHostClientSubmission);
    public const string SmartHostNotAssignedHost = nameof(SmartHostNotAssignedHost);
    public const string SmartHostCloudMismatch = nameof(SmartHostCloudMismatch);
    public const string SmartHostNotMicrosoft365 = nameof(SmartHostNotMicrosoft365);
    public const string SmartHostUnresolvable = nameof(SmartHostUnresolvable);
    public const string SmartHostRegionMismatch = nameof(SmartHostRegionMismatch);
    public const string SmartHostConnectFailed = nameof(SmartHostConnectFailed);
    public const string SmartHostProtocolError = nameof(SmartHostProtocolError);
    public const string SmartHostNoStartTls = nameof(SmartHostNoStartTls);
    public const string SmartHostTlsFailed = nameof(SmartHostTlsFailed);
    public const string SmartHostCertificateInvalid = nameof(SmartHostCertificateInvalid);
    public const string SmartHostAttr35Deferred = nameof(SmartHostAttr35Deferred);
    public const string SmartHostRecipientRejected = nameof(SmartHostRecipientRejected);
    public const string SmartHostTenantAttribution = nameof(SmartHostTenantAttribution);
    public const string SmartHostClientSubmissionReply = nameof(SmartHostClientSubmissionReply);

    // Added beyond the contract's table.
    public const string MxAssignedHost = nameof(MxAssignedHost);
    public const string MxAuthoritativeLookupFailed = nameof(MxAuthoritativeLookupFailed);
    public const string SmartHostAssignedHost = nameof(SmartHostAssignedHost);
    public const string SmartHostLookupFailed = nameof(SmartHostLookupFailed);
    public const string SmartHostNoReference = nameof(SmartHostNoReference);
    public const string SmartHostRecipientAccepted = nameof(SmartHostRecipientAccepted);
    public const string SmartHostSenderRejected = nameof(SmartHostSenderRejected);

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
    public const string ConnectorCertificateNotYetValid = nameof(ConnectorCertificateNotYetValid);
    public const string ConnectorCertificateUntrusted = nameof(ConnectorCertificateUntrusted);

    // Test-Attr35 (the contract's table).
    public const string Attr35CauseSmartHost = nameof(Attr35CauseSmartHost);
    public const string Attr35CauseMxRecord = nameof(Attr35CauseMxRecord);
    public const string Attr35CauseInboundConnector = nameof(Attr35CauseInboundConnector);
    public const string Attr35NonTenantDomain = nameof(Attr35NonTenantDomain);
    public const string Attr35NotAttr35 = nameof(Attr35NotAttr35);
    public const string Attr35CauseUnknown = nameof(Attr35CauseUnknown);
    public const string Attr35RegionEvidence = nameof(Attr35RegionEvidence);
    public const string Attr35NoEvent = nameof(Attr35NoEvent);
#pragma warning restore CS1591
}
