-- Open311 GeoReport v2: what a service request posted by an API client carries beyond the case it becomes.
-- The case itself (channel resident_report, source open311, api_key_id) is an ordinary row of `cases`.
CREATE TABLE open311_requests (
  case_id uuid PRIMARY KEY REFERENCES cases(id),
  api_key_id uuid NOT NULL REFERENCES api_keys(id),
  -- the jurisdiction (city area code) the request was posted to
  jurisdiction_id text,
  -- the client's own reference for the place (an area code of ours when it names one)
  address_id text,
  media_url text,
  -- contact and device identifiers are personal data: ciphertext (vault) and a look-up hash only
  email_enc text,
  email_hash text,
  device_id_enc text,
  account_id_enc text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_requests_key_idx ON open311_requests (api_key_id, created_at);

-- What each client sent (the API keys page) and the public request lists of Open311.
CREATE INDEX cases_api_key_idx ON cases (api_key_id, created_at) WHERE api_key_id IS NOT NULL;
CREATE INDEX cases_open311_idx ON cases (created_at) WHERE source = 'open311';
