-- Disaster — hazard and information maps: GeoJSON layers staff upload (hazard areas, evacuation
-- routes, hydrants, snow-removal status …), each with names and a text alternative in three
-- languages and a legend colour from a fixed accessible palette, published on the public map.

CREATE TABLE hazard_map_layers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('hazard-area', 'evacuation-route', 'hydrant', 'snow-removal', 'other')),
  -- { "ja": "...", "ja-easy": "...", "en": "..." }
  names jsonb NOT NULL,
  -- the text alternative of the layer, per language
  descriptions jsonb NOT NULL DEFAULT '{}'::jsonb,
  colour text NOT NULL CHECK (colour IN ('blue', 'red', 'orange', 'green', 'purple', 'brown', 'magenta', 'teal')),
  -- the validated FeatureCollection
  geojson jsonb NOT NULL,
  feature_count integer NOT NULL CHECK (feature_count BETWEEN 1 AND 10000),
  geometry_types text[] NOT NULL DEFAULT '{}',
  -- [west, south, east, north]
  bbox double precision[] NOT NULL CHECK (cardinality(bbox) = 4),
  is_published boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES staff_users (tenant_id, id) ON DELETE SET NULL (created_by)
);
CREATE INDEX hazard_map_layers_published ON hazard_map_layers (tenant_id, is_published);

ALTER TABLE hazard_map_layers ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazard_map_layers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hazard_map_layers
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
