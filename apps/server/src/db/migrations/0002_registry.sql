-- City registry: area classifications and 三有 records, grids, party organisations, units, households,
-- party members, community workers and leaders' pairings. A grid worker is the person a grid names as its worker;
-- an organisation's members are the party members whose branch it is.

ALTER TABLE areas ADD COLUMN attrs jsonb NOT NULL DEFAULT '{}'::jsonb;
-- a representative point (for maps and placing generated data)
ALTER TABLE areas ADD COLUMN lat double precision;
ALTER TABLE areas ADD COLUMN lng double precision;
CREATE INDEX areas_level_idx ON areas (level);

-- 三有 of a community for a year: 有人管事, 有钱办事, 有场所议事
CREATE TABLE community_resources (
  area_code text NOT NULL REFERENCES areas(code),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  staff_count integer NOT NULL DEFAULT 0 CHECK (staff_count >= 0),
  funds_service numeric(14,2) NOT NULL DEFAULT 0 CHECK (funds_service >= 0),
  funds_office numeric(14,2) NOT NULL DEFAULT 0 CHECK (funds_office >= 0),
  funds_activity numeric(14,2) NOT NULL DEFAULT 0 CHECK (funds_activity >= 0),
  venue_area_m2 numeric(10,1) NOT NULL DEFAULT 0 CHECK (venue_area_m2 >= 0),
  venue_ownership text NOT NULL DEFAULT 'owned' CHECK (venue_ownership IN ('owned','leased','borrowed')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (area_code, year)
);

CREATE TABLE party_orgs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('working_committee','community_committee','general_branch','compound_branch',
    'building_group','joint_committee','regional_joint','featured_branch','mobile_branch','grid_group',
    'temporary_branch','unit_branch')),
  -- for 非建制特色党支部: 地缘 / 业缘 / 趣缘
  basis text CHECK (basis IN ('geographic','occupational','interest')),
  parent_id uuid REFERENCES party_orgs(id),
  area_code text NOT NULL REFERENCES areas(code),
  grid_id uuid,
  unit_id uuid REFERENCES units(id),
  secretary_person_id uuid REFERENCES people(id),
  established_on date,
  dissolved_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'featured_branch') = (basis IS NOT NULL))
);
CREATE INDEX party_orgs_area_idx ON party_orgs (area_code text_pattern_ops);
CREATE INDEX party_orgs_parent_idx ON party_orgs (parent_id);

CREATE TABLE grids (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('street','community','compound')),
  parent_id uuid REFERENCES grids(id),
  -- the area the grid covers (a street, community or compound); scope follows it
  area_code text NOT NULL REFERENCES areas(code),
  -- GeoJSON Polygon or MultiPolygon in WGS 84 (lng, lat)
  geometry jsonb NOT NULL,
  min_lng double precision NOT NULL,
  min_lat double precision NOT NULL,
  max_lng double precision NOT NULL,
  max_lat double precision NOT NULL,
  worker_person_id uuid REFERENCES people(id),
  party_group_id uuid REFERENCES party_orgs(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grids_area_idx ON grids (area_code text_pattern_ops);
CREATE INDEX grids_parent_idx ON grids (parent_id);
ALTER TABLE party_orgs ADD CONSTRAINT party_orgs_grid_fk FOREIGN KEY (grid_id) REFERENCES grids(id);

ALTER TABLE units ADD COLUMN kind text NOT NULL DEFAULT 'private'
  CHECK (kind IN ('resident_unit','government','soe','university','private','social_org','shop'));
-- 机关事业单位's relation to the street: 驻地 / 结对联系 / 业务密切关联
ALTER TABLE units ADD COLUMN street_relation text CHECK (street_relation IN ('stationed','paired','business'));
ALTER TABLE units ADD COLUMN grid_id uuid REFERENCES grids(id);
ALTER TABLE units ADD COLUMN party_status text NOT NULL DEFAULT 'none' CHECK (party_status IN ('own','joint','none'));
ALTER TABLE units ADD COLUMN party_org_id uuid REFERENCES party_orgs(id);
ALTER TABLE units ADD COLUMN credit_code text;
ALTER TABLE units ADD COLUMN address text;
ALTER TABLE units ADD COLUMN employees integer CHECK (employees >= 0);
ALTER TABLE units ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX units_area_idx ON units (area_code text_pattern_ops);
CREATE INDEX units_kind_idx ON units (kind, party_status);

CREATE TABLE households (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the building (or compound, or community) the household lives in
  area_code text NOT NULL REFERENCES areas(code),
  grid_id uuid REFERENCES grids(id),
  door text NOT NULL,
  address_enc text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX households_area_idx ON households (area_code text_pattern_ops);

ALTER TABLE people ADD COLUMN household_id uuid REFERENCES households(id);
ALTER TABLE people ADD COLUMN birth_year integer CHECK (birth_year BETWEEN 1900 AND 2100);
ALTER TABLE people ADD COLUMN resident_type text NOT NULL DEFAULT 'registered'
  CHECK (resident_type IN ('registered','migrant','other'));
CREATE INDEX people_household_idx ON people (household_id);

-- A person's roles: one person record, however many roles.
CREATE TABLE party_members (
  person_id uuid PRIMARY KEY REFERENCES people(id),
  category text NOT NULL CHECK (category IN ('in_service','retired','mobile')),
  branch_id uuid REFERENCES party_orgs(id),
  joined_on date,
  work_unit_id uuid REFERENCES units(id),
  -- 双报到: the residential community an in-service member reported to
  reported_community_code text REFERENCES areas(code),
  reported_on date
);
CREATE INDEX party_members_branch_idx ON party_members (branch_id);
CREATE INDEX party_members_reported_idx ON party_members (reported_community_code text_pattern_ops);

CREATE TABLE community_workers (
  person_id uuid PRIMARY KEY REFERENCES people(id),
  area_code text NOT NULL REFERENCES areas(code),
  education text NOT NULL CHECK (education IN ('junior_high','high_school','vocational','college','bachelor','master')),
  social_work_credential text NOT NULL DEFAULT 'none' CHECK (social_work_credential IN ('none','assistant','intermediate','senior')),
  post text NOT NULL CHECK (post IN ('secretary','director','deputy','member')),
  grade integer NOT NULL CHECK (grade BETWEEN 1 AND 18),
  started_on date
);
CREATE INDEX community_workers_area_idx ON community_workers (area_code text_pattern_ops);

-- 结对联系: a city or district leader paired with a community
CREATE TABLE leader_pairings (
  person_id uuid NOT NULL REFERENCES people(id),
  area_code text NOT NULL REFERENCES areas(code),
  title text NOT NULL,
  since date,
  PRIMARY KEY (person_id, area_code)
);
CREATE INDEX leader_pairings_area_idx ON leader_pairings (area_code text_pattern_ops);

