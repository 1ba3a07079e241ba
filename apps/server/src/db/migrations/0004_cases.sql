-- The 民情 loop: categories with deadline rules, routing, the working calendar, cases and their events,
-- whistles and report-in tasks, notifications and the outbox, assessment weights.

-- Days that differ from the Monday–Friday week: public holidays and make-up working days (调休).
CREATE TABLE calendar_days (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday','workday')),
  name text NOT NULL DEFAULT ''
);

-- Working windows of an area (minutes after local midnight); the nearest ancestor's apply, else 9:00–12:00, 13:30–17:30.
CREATE TABLE working_hours (
  area_code text PRIMARY KEY REFERENCES areas(code),
  windows jsonb NOT NULL
);

-- Two-level category table: digital city management events (事件) and parts (部件) beside social-governance classes.
CREATE TABLE case_categories (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{2,12}$'),
  name text NOT NULL,
  parent_code text REFERENCES case_categories(code),
  family text NOT NULL CHECK (family IN ('city_event','city_part','social')),
  description text NOT NULL DEFAULT '',
  keywords text[] NOT NULL DEFAULT '{}',
  -- accepts residents' public reports (shown on the mobile page and as an Open311 service)
  public boolean NOT NULL DEFAULT true,
  -- deadline rules: the limit and its unit per urgency. Units: working_days (to the end of the N-th working day
  -- after filing), working_hours (on the area's working windows), hours and days (round the clock)
  deadline_normal integer NOT NULL DEFAULT 7 CHECK (deadline_normal > 0),
  deadline_normal_unit text NOT NULL DEFAULT 'working_days' CHECK (deadline_normal_unit IN ('working_days','working_hours','hours','days')),
  deadline_urgent integer NOT NULL DEFAULT 2 CHECK (deadline_urgent > 0),
  deadline_urgent_unit text NOT NULL DEFAULT 'working_hours' CHECK (deadline_urgent_unit IN ('working_days','working_hours','hours','days')),
  deadline_critical integer NOT NULL DEFAULT 2 CHECK (deadline_critical > 0),
  deadline_critical_unit text NOT NULL DEFAULT 'hours' CHECK (deadline_critical_unit IN ('working_days','working_hours','hours','days')),
  -- extra questions asked of the reporter (Open311 service definition attributes)
  attributes jsonb NOT NULL DEFAULT '[]'::jsonb,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0,
  -- escalate overdue cases one level up automatically; null follows the global setting (AUTO_ESCALATE)
  auto_escalate boolean
);
CREATE INDEX case_categories_parent_idx ON case_categories (parent_code);

-- Who handles a category in an area by default: the most specific matching rule wins.
CREATE TABLE routing_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_code text REFERENCES case_categories(code),
  area_code text NOT NULL REFERENCES areas(code),
  handler_kind text NOT NULL CHECK (handler_kind IN ('grid_worker','community','street','department','unit','volunteer_team')),
  -- department or unit id, or an area code for community/street; null for the grid's own worker
  handler_ref text,
  handler_label text,
  created_by uuid REFERENCES accounts(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_rules_lookup_idx ON routing_rules (category_code, area_code);
-- one rule per area and category (or per area for any category)
CREATE UNIQUE INDEX routing_rules_key_idx ON routing_rules (area_code, (coalesce(category_code, '')));

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  -- lets a reporter without an account follow and rate the case
  tracking_code text NOT NULL UNIQUE,
  -- a retried submission carries the same key and never makes a second case
  idempotency_key text UNIQUE,
  -- a hash of what was submitted with the key: the same key with different content is refused
  idempotency_fingerprint text,
  -- the case's id in the system it was collected from (digital collection)
  external_id text,
  channel text NOT NULL CHECK (channel IN ('cadre_visit','resident_report','digital_collection')),
  source text NOT NULL CHECK (source IN ('mobile','phone','visit','grid_patrol','import','api','open311')),
  api_key_id uuid REFERENCES api_keys(id),
  category_code text REFERENCES case_categories(code),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN
    ('submitted','assigned','in_progress','hold_requested','on_hold','resolved','closed','rejected','merged')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high')),
  urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal','urgent','critical')),
  service_mode text CHECK (service_mode IN ('team','digital','proxy','appointment','off_hours')),
  -- where: the point, the place as described, and what it resolved to
  lat double precision,
  lng double precision,
  location_text text,
  area_code text REFERENCES areas(code),
  grid_id uuid REFERENCES grids(id),
  -- who reported: an account, or contact details (personal data, encrypted), or nobody (anonymous)
  reporter_account_id uuid REFERENCES accounts(id),
  reporter_name text,
  reporter_phone_enc text,
  reporter_phone_hash text,
  anonymous boolean NOT NULL DEFAULT false,
  reporters_count integer NOT NULL DEFAULT 1,
  photos jsonb NOT NULL DEFAULT '[]'::jsonb,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- the responsible party
  handler_kind text CHECK (handler_kind IN ('grid_worker','community','street','department','unit','volunteer_team')),
  handler_ref text,
  handler_label text,
  -- deadlines and the clock
  deadline_at timestamptz,
  hold_started_at timestamptz,
  hold_reason text,
  responded_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  reminded_at timestamptz,
  overdue_at timestamptz,
  escalated_at timestamptz,
  rework_count integer NOT NULL DEFAULT 0,
  rating text CHECK (rating IN ('satisfied','basically_satisfied','unsatisfied')),
  rating_comment text,
  rated_at timestamptz,
  rating_due_at timestamptz,
  rejected_reason text,
  merged_into uuid REFERENCES cases(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_area_status_idx ON cases (area_code text_pattern_ops, status);
CREATE INDEX cases_created_idx ON cases (created_at);
CREATE INDEX cases_open_deadline_idx ON cases (deadline_at) WHERE status IN ('assigned','in_progress');
CREATE INDEX cases_handler_idx ON cases (handler_kind, handler_ref) WHERE status NOT IN ('closed','rejected','merged');
CREATE INDEX cases_category_idx ON cases (category_code, created_at);
-- the assessment finds the cases due in a period by their deadline
CREATE INDEX cases_deadline_idx ON cases (deadline_at);
CREATE INDEX cases_reporter_idx ON cases (reporter_account_id);
CREATE INDEX cases_grid_idx ON cases (grid_id);
-- the sweeper closes resolved cases whose rating window has passed
CREATE INDEX cases_rating_due_idx ON cases (rating_due_at) WHERE status = 'resolved';

-- Every transition and note: who, when, what, why. Rates and assessments are derived from these rows.
CREATE TABLE case_events (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_label text NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text,
  -- what the resident sees of this step (plain Chinese), if anything
  public_note text,
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  area_code text
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);
CREATE INDEX case_events_at_idx ON case_events (at);

-- Everyone who reported the same thing (a merge adds the merged case's reporters here).
CREATE TABLE case_reporters (
  case_id uuid NOT NULL REFERENCES cases(id),
  reported_case_id uuid NOT NULL REFERENCES cases(id),
  reporter_account_id uuid REFERENCES accounts(id),
  tracking_code text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, reported_case_id)
);

-- Photos of a case, numbered from 1 per case: the reporter's, and those added with work notes (event_id).
CREATE TABLE case_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id),
  seq integer NOT NULL CHECK (seq > 0),
  event_id bigint REFERENCES case_events(id),
  mime text NOT NULL CHECK (mime IN ('image/jpeg','image/png','image/webp')),
  bytes integer NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, seq)
);

-- 吹哨: a street or community summons departments and units on a case or a situation.
CREATE TABLE whistles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid REFERENCES cases(id),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  level text NOT NULL CHECK (level IN ('ordinary','urgent')),
  area_code text NOT NULL REFERENCES areas(code),
  blown_by uuid REFERENCES accounts(id),
  blown_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  closed_at timestamptz,
  closed_by uuid REFERENCES accounts(id),
  close_note text
);
CREATE INDEX whistles_area_idx ON whistles (area_code text_pattern_ops, status);
CREATE INDEX whistles_case_idx ON whistles (case_id);

-- 报到: each summoned party's task with its own deadlines, and the street's evaluation of its response.
CREATE TABLE whistle_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  whistle_id uuid NOT NULL REFERENCES whistles(id),
  party_kind text NOT NULL CHECK (party_kind IN ('department','unit')),
  party_id uuid NOT NULL,
  party_label text NOT NULL,
  report_due_at timestamptz,
  sign_due_at timestamptz NOT NULL,
  contact_due_at timestamptz NOT NULL,
  result_due_at timestamptz NOT NULL,
  reported_at timestamptz,
  signed_at timestamptz,
  contacted_at timestamptz,
  result_at timestamptz,
  -- the party's note with each step
  report_note text,
  sign_note text,
  contact_note text,
  result_note text,
  score integer CHECK (score BETWEEN 0 AND 100),
  comment text,
  evaluated_by uuid REFERENCES accounts(id),
  evaluated_at timestamptz,
  UNIQUE (whistle_id, party_kind, party_id)
);
CREATE INDEX whistle_tasks_party_idx ON whistle_tasks (party_kind, party_id);

-- In-app inbox: for staff accounts, and for residents by account or tracking code.
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  account_id uuid REFERENCES accounts(id),
  tracking_code text,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  case_id uuid REFERENCES cases(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  CHECK (account_id IS NOT NULL OR tracking_code IS NOT NULL)
);
CREATE INDEX notifications_account_idx ON notifications (account_id, id DESC);
CREATE INDEX notifications_tracking_idx ON notifications (tracking_code);
CREATE INDEX notifications_unread_idx ON notifications (account_id) WHERE read_at IS NULL;

-- Outbox for external channels (SMS, WeChat); adapters deliver, the default one only records.
-- The address is kept encrypted in the payload (to_enc); `recipient` is its masked form for the outbox page.
-- 'recorded': no adapter is configured for the channel, the row only shows what would have been sent.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('sms','wechat','log')),
  recipient text NOT NULL,
  kind text NOT NULL DEFAULT '',
  payload jsonb NOT NULL,
  case_id uuid REFERENCES cases(id),
  area_code text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed','recorded')),
  attempts integer NOT NULL DEFAULT 0,
  -- a claimed row is not claimed again before this (a lease); a failed attempt moves it by the backoff
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_area_idx ON outbox (area_code text_pattern_ops, id);

-- Weights of the assessment score per area (the nearest ancestor's apply; default 30/35/35).
CREATE TABLE assessment_weights (
  area_code text PRIMARY KEY REFERENCES areas(code),
  response numeric(5,2) NOT NULL,
  resolution numeric(5,2) NOT NULL,
  satisfaction numeric(5,2) NOT NULL,
  CHECK (response + resolution + satisfaction = 100)
);

CREATE SEQUENCE case_number_seq;

-- A token that changes with every change to the calendar days or working hours, so that each process's cached
-- work calendars notice changes made by another process (as grids_version does for the grid index).
CREATE TABLE calendar_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  token uuid NOT NULL DEFAULT gen_random_uuid(),
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO calendar_version DEFAULT VALUES;

CREATE FUNCTION calendar_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_version SET token = gen_random_uuid(), changed_at = now();
  RETURN NULL;
END $$;

CREATE TRIGGER calendar_days_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_version_bump();
CREATE TRIGGER working_hours_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON working_hours
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_version_bump();

-- Reference data loaded once per database (the category table, each year of the holiday calendar), so that a
-- later boot neither loads it twice nor brings back what an administrator has since changed or removed.
CREATE TABLE reference_data_loads (
  key text PRIMARY KEY,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
