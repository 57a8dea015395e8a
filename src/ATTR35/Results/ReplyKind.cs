namespace ATTR35;

/// <summary>What an Exchange Online reply means, read from its codes and ATTR token.</summary>
/// <remarks>Based on <see cref="long"/> so that ConvertTo-Json writes the name, not a number: see <see cref="CheckStatus"/>.</remarks>
public enum ReplyKind : long
{
    /// <summary>Any other reply.</summary>
    Other,

    /// <summary>4.4.62 with ATTR35: mail sent to the wrong Office 365 region.</summary>
    Attr35,

    /// <summary>5.7.64 TenantAttribution: a relay through Microsoft 365 not attributed to a tenant.</summary>
    TenantAttribution,

    /// <summary>5.7.51 or 5.7.68 TenantInboundAttribution: a restricted partner connector, or direct send refused.</summary>
    TenantInboundAttribution,

    /// <summary>5.4.1 Recipient address rejected: the tenant was reached; the recipient does not exist.</summary>
    RecipientRejected,

    /// <summary>4.5.3 ATTR38: the recipients of one transaction live in different regions.</summary>
    MultipleRegions,

    /// <summary>5.4.14 hop count exceeded, ATTR34: a mail loop.</summary>
    MailLoop,

    /// <summary>4.4.4 ATTR5: the recipient domain's tenant has no Exchange Online subscription.</summary>
    NoMailSubscription,

    /// <summary>A temporary server error (ATTR55, ATTR17, ATTR18): retry.</summary>
    TemporaryError,

    /// <summary>Throttling or reputation: 4.7.500-4.7.699, 421 4.3.2 concurrency.</summary>
    Throttled,

    /// <summary>A banned address or a block list: 5.7.606-5.7.649, 5.7.1, 5.7.708, 5.7.750.</summary>
    Blocked,

    /// <summary>A reply from the client-submission servers (smtp.office365.com), not the tenant's MX host.</summary>
    ClientSubmission,
}
