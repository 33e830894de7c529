-- Per-organization limits per client address on the /v1 endpoints: requests and tokens per minute
-- counted per (organization, IP), so one tenant's traffic never throttles another's behind a shared
-- NAT. No row, or a null column, means the default (6,000 requests, no token limit per address).
create table gateway.org_limits (
  org_id uuid primary key references core.organizations(id) on delete cascade,
  ip_rpm int check (ip_rpm > 0),
  ip_tpm int check (ip_tpm > 0),
  updated_at timestamptz not null default now()
);
