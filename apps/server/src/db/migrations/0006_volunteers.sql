-- Party members and volunteers at work (DOMAIN §3.2): 双报到 with yearly commitments, volunteers, teams, stations
-- and the talent registry, activities with sign-ups and verified hours, micro-wishes, pairing, and the rule sets
-- and manual items of contribution points. Points themselves are derived at read time, never stored.

-- The person an account acts as (party members, volunteers, residents): one person record however many roles.
CREATE TABLE account_people (
  account_id uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  person_id uuid NOT NULL UNIQUE REFERENCES people(id)
);

-- 双报到: a member reports to the community they live in, a unit's party organisation to the community it sits in.
-- The registry's party_members.reported_community_code/reported_on hold the member's current community; a row here
-- is a year's request and commitment.
CREATE TABLE report_ins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('member','org')),
  person_id uuid REFERENCES people(id),
  party_org_id uuid REFERENCES party_orgs(id),
  community_code text NOT NULL REFERENCES areas(code),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','confirmed','declined','withdrawn')),
  commitment_hours integer CHECK (commitment_hours BETWEEN 0 AND 2000),
  commitment_tasks text[] NOT NULL DEFAULT '{}',
  commitment_skills text[] NOT NULL DEFAULT '{}',
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by uuid REFERENCES accounts(id),
  decline_reason text,
  last_reminded_at timestamptz,
  CHECK ((kind = 'member') = (person_id IS NOT NULL)),
  CHECK ((kind = 'org') = (party_org_id IS NOT NULL))
);
CREATE INDEX report_ins_community_idx ON report_ins (community_code text_pattern_ops, year);
CREATE UNIQUE INDEX report_ins_member_once ON report_ins (person_id, community_code, year)
  WHERE kind = 'member' AND status IN ('requested','confirmed');
CREATE UNIQUE INDEX report_ins_org_once ON report_ins (party_org_id, community_code, year)
  WHERE kind = 'org' AND status IN ('requested','confirmed');
CREATE INDEX report_ins_org_idx ON report_ins (party_org_id);

-- Volunteers: a platform number stands in for the ID number on anything public.
CREATE SEQUENCE volunteer_number_seq;
CREATE TABLE volunteers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL UNIQUE REFERENCES people(id),
  number text NOT NULL UNIQUE,
  area_code text NOT NULL REFERENCES areas(code),
  grid_id uuid REFERENCES grids(id),
  skills text[] NOT NULL DEFAULT '{}',
  availability text NOT NULL DEFAULT 'any' CHECK (availability IN ('weekday_day','weekday_evening','weekend','any')),
  -- 达人 / 能人 / 热心人
  talent_kinds text[] NOT NULL DEFAULT '{}',
  talent_note text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
  joined_on date NOT NULL DEFAULT current_date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX volunteers_area_idx ON volunteers (area_code text_pattern_ops);
CREATE INDEX volunteers_grid_idx ON volunteers (grid_id);

CREATE TABLE volunteer_stations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  area_code text NOT NULL REFERENCES areas(code),
  leader_person_id uuid REFERENCES people(id),
  place text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX volunteer_stations_area_idx ON volunteer_stations (area_code text_pattern_ops);

CREATE TABLE volunteer_teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'service' CHECK (kind IN ('service','patrol','professional','party_vanguard')),
  area_code text NOT NULL REFERENCES areas(code),
  leader_person_id uuid REFERENCES people(id),
  station_id uuid REFERENCES volunteer_stations(id),
  description text,
  dissolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX volunteer_teams_area_idx ON volunteer_teams (area_code text_pattern_ops);

CREATE TABLE volunteer_team_members (
  team_id uuid NOT NULL REFERENCES volunteer_teams(id),
  volunteer_id uuid NOT NULL REFERENCES volunteers(id),
  joined_on date NOT NULL DEFAULT current_date,
  PRIMARY KEY (team_id, volunteer_id)
);
CREATE INDEX volunteer_team_members_volunteer_idx ON volunteer_team_members (volunteer_id);

-- Service opportunities and the hours served at them: actual service minutes count, travel minutes never do,
-- and only once verified.
CREATE TABLE activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL,
  description text,
  area_code text NOT NULL REFERENCES areas(code),
  place text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity > 0),
  required_skills text[] NOT NULL DEFAULT '{}',
  signup_mode text NOT NULL DEFAULT 'instant' CHECK (signup_mode IN ('instant','request')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','cancelled')),
  team_id uuid REFERENCES volunteer_teams(id),
  created_by uuid REFERENCES accounts(id),
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX activities_area_idx ON activities (area_code text_pattern_ops, starts_at);
CREATE INDEX activities_starts_idx ON activities (starts_at);

CREATE TABLE activity_signups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_id uuid NOT NULL REFERENCES activities(id),
  volunteer_id uuid NOT NULL REFERENCES volunteers(id),
  status text NOT NULL CHECK (status IN ('requested','confirmed','declined','withdrawn')),
  attended boolean,
  service_minutes integer CHECK (service_minutes BETWEEN 0 AND 1440),
  travel_minutes integer CHECK (travel_minutes BETWEEN 0 AND 1440),
  recorded_at timestamptz,
  verified_at timestamptz,
  verified_by uuid REFERENCES accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (activity_id, volunteer_id)
);
CREATE INDEX activity_signups_volunteer_idx ON activity_signups (volunteer_id);

-- Micro-wishes. The wisher's identity stays on this row and is never part of the published view.
CREATE TABLE wishes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL,
  description text NOT NULL,
  category text NOT NULL CHECK (category IN ('elderly_alone','disabled','children_difficulty','low_income','serious_illness','other')),
  area_code text NOT NULL REFERENCES areas(code),
  person_id uuid NOT NULL REFERENCES people(id),
  posted_by uuid REFERENCES accounts(id),
  on_behalf boolean NOT NULL DEFAULT false,
  estimated_value numeric(10,2),
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted','declined','published','claimed','fulfilled','confirmed','cancelled')),
  reviewed_by uuid REFERENCES accounts(id),
  decline_reason text,
  published_at timestamptz,
  claimant_kind text CHECK (claimant_kind IN ('person','team','unit')),
  claimant_account_id uuid REFERENCES accounts(id),
  claimant_person_id uuid REFERENCES people(id),
  claimant_team_id uuid REFERENCES volunteer_teams(id),
  claimant_unit_id uuid REFERENCES units(id),
  claimed_at timestamptz,
  fulfil_note text,
  fulfil_photos jsonb NOT NULL DEFAULT '[]'::jsonb,
  fulfilled_at timestamptz,
  confirmed_at timestamptz,
  confirmed_by uuid REFERENCES accounts(id),
  confirm_comment text,
  last_reminded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('claimed','fulfilled','confirmed')) <= (claimant_kind IS NOT NULL))
);
CREATE INDEX wishes_area_idx ON wishes (area_code text_pattern_ops, status);
CREATE INDEX wishes_person_idx ON wishes (person_id);
CREATE INDEX wishes_claimant_person_idx ON wishes (claimant_person_id);
CREATE INDEX wishes_claimant_team_idx ON wishes (claimant_team_id);

-- 结对: a party member and a resident in need; the contacts between them.
CREATE TABLE pairings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  member_person_id uuid NOT NULL REFERENCES people(id),
  resident_person_id uuid NOT NULL REFERENCES people(id),
  kind text NOT NULL CHECK (kind IN ('elderly_alone','disabled','children_difficulty','low_income','other')),
  -- where the resident lives; scope follows it
  area_code text NOT NULL REFERENCES areas(code),
  note text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','ended')),
  since timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  created_by uuid REFERENCES accounts(id),
  CHECK (member_person_id <> resident_person_id)
);
CREATE UNIQUE INDEX pairings_active_once ON pairings (member_person_id, resident_person_id) WHERE status = 'active';
CREATE INDEX pairings_area_idx ON pairings (area_code text_pattern_ops);
CREATE INDEX pairings_member_idx ON pairings (member_person_id);

CREATE TABLE pairing_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pairing_id uuid NOT NULL REFERENCES pairings(id),
  kind text NOT NULL CHECK (kind IN ('visit','call','help')),
  note text,
  at timestamptz NOT NULL,
  recorded_by uuid REFERENCES accounts(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pairing_contacts_pairing_idx ON pairing_contacts (pairing_id, at DESC);

-- Contribution points: a branch's rule set per member category (the platform's defaults apply until it sets one),
-- and manual items the branch approves (council and course participation, other contributions).
CREATE TABLE point_rule_sets (
  party_org_id uuid NOT NULL REFERENCES party_orgs(id),
  category text NOT NULL CHECK (category IN ('in_service','retired','mobile')),
  per_hour numeric(8,2) NOT NULL CHECK (per_hour >= 0),
  per_wish numeric(8,2) NOT NULL CHECK (per_wish >= 0),
  per_case numeric(8,2) NOT NULL CHECK (per_case >= 0),
  report_in numeric(8,2) NOT NULL CHECK (report_in >= 0),
  per_council numeric(8,2) NOT NULL CHECK (per_council >= 0),
  per_course numeric(8,2) NOT NULL CHECK (per_course >= 0),
  hours_cap numeric(10,2) NOT NULL CHECK (hours_cap >= 0),
  commendation_threshold numeric(10,2) NOT NULL CHECK (commendation_threshold >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES accounts(id),
  PRIMARY KEY (party_org_id, category)
);

CREATE TABLE point_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id),
  party_org_id uuid REFERENCES party_orgs(id),
  kind text NOT NULL CHECK (kind IN ('council','course','manual')),
  title text NOT NULL,
  occurred_on date NOT NULL,
  -- kind manual: the points asked for; council and course are valued by the rule set
  points numeric(8,2) CHECK (points >= 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','declined')),
  proposed_by uuid REFERENCES accounts(id),
  decided_by uuid REFERENCES accounts(id),
  decided_at timestamptz,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX point_items_person_idx ON point_items (person_id, occurred_on);
CREATE INDEX point_items_org_idx ON point_items (party_org_id, status);
