-- Geography of the notifications hub: point-in-polygon over GeoJSON stored as jsonb (districts'
-- boundaries, an area drawn by staff, a segment's area), without PostGIS, so the same SQL runs on
-- PostgreSQL 15+ and on PGlite. Geometries reaching these functions were validated by
-- audience/district-geometry.ts (closed rings of [lng, lat] positions, no self-intersection);
-- the functions stay total on anything else (false / NULL), never an error mid-send.
-- audience/district-geometry.ts holds the same rules in TypeScript (the tests compare both).

-- Is (x, y) inside the closed ring [[x, y], …]? Even-odd ray casting. The ring is read into
-- float8 arrays once: indexing a (possibly TOASTed) jsonb in a loop would detoast it each time.
CREATE FUNCTION notifications_point_in_ring(p_x double precision, p_y double precision, p_ring jsonb)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  xs double precision[];
  ys double precision[];
  n integer;
  inside boolean := false;
  xi double precision;
  yi double precision;
  xj double precision;
  yj double precision;
BEGIN
  IF jsonb_typeof(p_ring) <> 'array' THEN RETURN false; END IF;
  SELECT array_agg((e->>0)::double precision ORDER BY i), array_agg((e->>1)::double precision ORDER BY i)
    INTO xs, ys
    FROM jsonb_array_elements(p_ring) WITH ORDINALITY AS t(e, i);
  n := coalesce(array_length(xs, 1), 0);
  IF n < 3 THEN RETURN false; END IF;
  xj := xs[n];
  yj := ys[n];
  FOR k IN 1..n LOOP
    xi := xs[k];
    yi := ys[k];
    IF ((yi > p_y) <> (yj > p_y)) AND p_x < (xj - xi) * (p_y - yi) / (yj - yi) + xi THEN
      inside := NOT inside;
    END IF;
    xj := xi;
    yj := yi;
  END LOOP;
  RETURN inside;
END
$$;

-- A Polygon's coordinates (outer ring, then holes): inside the outer ring and in no hole.
CREATE FUNCTION notifications_point_in_polygon(p_x double precision, p_y double precision, p_rings jsonb)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  n integer;
BEGIN
  IF jsonb_typeof(p_rings) <> 'array' THEN RETURN false; END IF;
  n := jsonb_array_length(p_rings);
  IF n = 0 OR NOT notifications_point_in_ring(p_x, p_y, p_rings->0) THEN RETURN false; END IF;
  FOR k IN 1..n - 1 LOOP
    IF notifications_point_in_ring(p_x, p_y, p_rings->k) THEN RETURN false; END IF;
  END LOOP;
  RETURN true;
END
$$;

-- Is the point (longitude x, latitude y) inside a GeoJSON Polygon or MultiPolygon?
CREATE FUNCTION notifications_point_in_geometry(p_x double precision, p_y double precision, p_geometry jsonb)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  polygon jsonb;
BEGIN
  IF jsonb_typeof(p_geometry) <> 'object' THEN RETURN false; END IF;
  IF p_geometry->>'type' = 'Polygon' THEN
    RETURN notifications_point_in_polygon(p_x, p_y, p_geometry->'coordinates');
  ELSIF p_geometry->>'type' = 'MultiPolygon' AND jsonb_typeof(p_geometry->'coordinates') = 'array' THEN
    FOR polygon IN SELECT jsonb_array_elements(p_geometry->'coordinates') LOOP
      IF notifications_point_in_polygon(p_x, p_y, polygon) THEN RETURN true; END IF;
    END LOOP;
  END IF;
  RETURN false;
END
$$;

-- Bounding box of a Polygon or MultiPolygon: ARRAY[min_lng, min_lat, max_lng, max_lat], NULL when
-- it has no positions. Used as a cheap prefilter before point-in-polygon.
CREATE FUNCTION notifications_geometry_bbox(p_geometry jsonb)
RETURNS double precision[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN count(*) = 0 THEN NULL ELSE ARRAY[min(x), min(y), max(x), max(y)] END
  FROM (
    SELECT (pos->>0)::double precision AS x, (pos->>1)::double precision AS y
    FROM jsonb_path_query(
      p_geometry,
      CASE p_geometry->>'type' WHEN 'MultiPolygon' THEN '$.coordinates[*][*][*]' ELSE '$.coordinates[*][*]' END::jsonpath
    ) AS pos
    WHERE jsonb_typeof(pos) = 'array'
  ) positions
$$;

-- Area-weighted centroid of a Polygon or MultiPolygon (holes subtract), planar in degrees —
-- enough at the scale of a town: ARRAY[lng, lat]. A degenerate shape (no area) gives the centre
-- of its bounding box. Residents who registered a district but no home location are placed
-- here when an audience is an area.
CREATE FUNCTION notifications_geometry_centroid(p_geometry jsonb)
RETURNS double precision[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  polygons jsonb;
  polygon jsonb;
  ring_index integer;
  xs double precision[];
  ys double precision[];
  n integer;
  x0 double precision;
  y0 double precision;
  cross_product double precision;
  ring_area double precision;
  ring_cx double precision;
  ring_cy double precision;
  weight double precision;
  total_area double precision := 0;
  sum_x double precision := 0;
  sum_y double precision := 0;
  bbox double precision[];
BEGIN
  IF jsonb_typeof(p_geometry) <> 'object' THEN RETURN NULL; END IF;
  IF p_geometry->>'type' = 'Polygon' THEN
    polygons := jsonb_build_array(p_geometry->'coordinates');
  ELSIF p_geometry->>'type' = 'MultiPolygon' THEN
    polygons := p_geometry->'coordinates';
  ELSE
    RETURN NULL;
  END IF;
  IF jsonb_typeof(polygons) <> 'array' THEN RETURN NULL; END IF;
  FOR polygon IN SELECT jsonb_array_elements(polygons) LOOP
    CONTINUE WHEN jsonb_typeof(polygon) <> 'array';
    FOR ring_index IN 0..jsonb_array_length(polygon) - 1 LOOP
      CONTINUE WHEN jsonb_typeof(polygon->ring_index) <> 'array';
      SELECT array_agg((e->>0)::double precision ORDER BY i), array_agg((e->>1)::double precision ORDER BY i)
        INTO xs, ys
        FROM jsonb_array_elements(polygon->ring_index) WITH ORDINALITY AS t(e, i);
      n := coalesce(array_length(xs, 1), 0);
      CONTINUE WHEN n < 3;
      ring_area := 0;
      ring_cx := 0;
      ring_cy := 0;
      -- shoelace over the edges (k, k+1), the last edge closing the ring, relative to the first
      -- vertex: products of raw degrees (139.7…) would cancel away the digits that matter
      x0 := xs[1];
      y0 := ys[1];
      FOR k IN 1..n LOOP
        cross_product := (xs[k] - x0) * (ys[k % n + 1] - y0) - (xs[k % n + 1] - x0) * (ys[k] - y0);
        ring_area := ring_area + cross_product;
        ring_cx := ring_cx + (xs[k] + xs[k % n + 1] - 2 * x0) * cross_product;
        ring_cy := ring_cy + (ys[k] + ys[k % n + 1] - 2 * y0) * cross_product;
      END LOOP;
      CONTINUE WHEN ring_area = 0;
      ring_cx := x0 + ring_cx / (3 * ring_area);
      ring_cy := y0 + ring_cy / (3 * ring_area);
      -- the outer ring counts, holes subtract, whatever their winding
      weight := abs(ring_area) / 2 * CASE WHEN ring_index = 0 THEN 1 ELSE -1 END;
      total_area := total_area + weight;
      sum_x := sum_x + weight * ring_cx;
      sum_y := sum_y + weight * ring_cy;
    END LOOP;
  END LOOP;
  IF abs(total_area) > 1e-15 THEN
    RETURN ARRAY[sum_x / total_area, sum_y / total_area];
  END IF;
  bbox := notifications_geometry_bbox(p_geometry);
  IF bbox IS NULL THEN RETURN NULL; END IF;
  RETURN ARRAY[(bbox[1] + bbox[3]) / 2, (bbox[2] + bbox[4]) / 2];
END
$$;

-- The residents a segment definition (audience/segment-definition.ts, validated there) means, for
-- one tenant: built as a query with only the conditions the definition uses, planned with their
-- actual values (so the district index serves a district condition, and a birthdate join happens
-- only for an age condition). A saved segment passes its stored definition, a form being edited
-- its literal definition: the same query counts and sends. Invoker's rights: row-level security
-- applies. Each condition kind narrows (AND); the values within one are alternatives (OR); every
-- answer condition must hold.
--   districtIds           resident_notification_profiles.district_id among them
--   languages             the profile's language, else residents.locale, among them
--   householdHasChildren  the profile's self-declared value equals it
--   ageBands [{min,max?}] age on today's date in Asia/Tokyo, from the verified birthdate, in a band
--   answers [{procedureSlug, fieldKey, equals}]  residents allowing answer targeting with a
--                         submitted application (not draft / withdrawn) to the procedure whose
--                         answer equals the value (or, for a list, contains it). A documented
--                         read of the procedures module's applications and procedures tables.
--   area                  home location inside the polygon, or, without a home location, the
--                         district's centroid inside it
CREATE FUNCTION notifications_segment_residents(p_tenant_id uuid, p_definition jsonb)
RETURNS SETOF uuid LANGUAGE plpgsql STABLE ROWS 1000 AS $$
DECLARE
  from_clause text := 'residents r LEFT JOIN resident_notification_profiles p ON p.tenant_id = r.tenant_id AND p.resident_id = r.id';
  conditions text[] := ARRAY['r.tenant_id = $1'];
  district_ids uuid[];
  languages text[];
  has_children boolean;
  age_ok boolean[];
  today date := (now() AT TIME ZONE 'Asia/Tokyo')::date;
  area jsonb;
  bbox double precision[];
  area_district_ids uuid[];
  answer jsonb;
BEGIN
  IF p_definition IS NULL OR jsonb_typeof(p_definition) <> 'object' THEN RETURN; END IF;
  IF jsonb_typeof(p_definition->'districtIds') = 'array' THEN
    district_ids := ARRAY(SELECT jsonb_array_elements_text(p_definition->'districtIds'))::uuid[];
    conditions := array_append(conditions, 'p.district_id = ANY ($2)');
  END IF;
  IF jsonb_typeof(p_definition->'languages') = 'array' THEN
    languages := ARRAY(SELECT jsonb_array_elements_text(p_definition->'languages'));
    conditions := array_append(conditions, 'coalesce(p.language, r.locale) = ANY ($3)');
  END IF;
  IF jsonb_typeof(p_definition->'householdHasChildren') = 'boolean' THEN
    has_children := (p_definition->>'householdHasChildren')::boolean;
    conditions := array_append(conditions, 'p.household_has_children = $4');
  END IF;
  IF jsonb_typeof(p_definition->'ageBands') = 'array' THEN
    -- age_ok[age + 1]: is that age in one of the bands (0…150)
    age_ok := ARRAY(
      SELECT EXISTS (
        SELECT 1 FROM jsonb_array_elements(p_definition->'ageBands') AS band
        WHERE a >= (band->>'min')::int AND a <= coalesce((band->>'max')::int, 1000))
      FROM generate_series(0, 150) AS a ORDER BY a);
    from_clause := from_clause || ' JOIN resident_basic_info b ON b.tenant_id = r.tenant_id AND b.resident_id = r.id';
    conditions := array_append(conditions, '($5)[date_part(''year'', age($6, b.birthdate))::int + 1]');
  END IF;
  IF jsonb_typeof(p_definition->'answers') = 'array' THEN
    conditions := array_append(conditions, 'p.allows_answer_targeting');
    FOR answer IN SELECT jsonb_array_elements(p_definition->'answers') LOOP
      conditions := array_append(conditions, format(
        'EXISTS (SELECT 1 FROM applications a JOIN procedures pr ON pr.tenant_id = a.tenant_id AND pr.id = a.procedure_id'
        ' WHERE a.tenant_id = r.tenant_id AND a.resident_id = r.id AND a.status NOT IN (''draft'', ''withdrawn'') AND pr.slug = %L'
        ' AND (a.answers->>%L = %L OR a.answers->%L @> to_jsonb(%L::text)))',
        answer->>'procedureSlug', answer->>'fieldKey', answer->>'equals', answer->>'fieldKey', answer->>'equals'));
    END LOOP;
  END IF;
  IF jsonb_typeof(p_definition->'area') = 'object' THEN
    area := p_definition->'area';
    bbox := notifications_geometry_bbox(area);
    area_district_ids := ARRAY(
      SELECT d.id FROM districts d, LATERAL notifications_geometry_centroid(d.geometry) AS c
      WHERE d.tenant_id = p_tenant_id AND d.geometry IS NOT NULL AND notifications_point_in_geometry(c[1], c[2], area));
    -- the bounding box first: plain comparisons, before the point-in-polygon function
    conditions := array_append(conditions, '((p.home_lat IS NOT NULL AND p.home_lng IS NOT NULL AND p.home_lng BETWEEN $7 AND $8 AND p.home_lat BETWEEN $9 AND $10'
      ' AND notifications_point_in_geometry(p.home_lng, p.home_lat, $11)) OR ((p.home_lat IS NULL OR p.home_lng IS NULL) AND p.district_id = ANY ($12)))');
  END IF;
  RETURN QUERY EXECUTE 'SELECT r.id FROM ' || from_clause || ' WHERE ' || array_to_string(conditions, ' AND ')
    USING p_tenant_id, district_ids, languages, has_children, age_ok, today, bbox[1], bbox[3], bbox[2], bbox[4], area, area_district_ids;
END
$$;
