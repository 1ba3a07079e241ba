// The phone routes of party members, volunteers and residents at work, and the tiles that open them from home.
import { lazy, type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../shared/domain";
import type { Me } from "../shared/types";
import { DotLoading } from "./adm";
import { navigate } from "./router";
import "./serve.css";

// The pages load when first opened, so the report page a resident opens first stays small.
const wishes = () => import("./wishes-pages");
const service = () => import("./service-pages");
const reportIn = () => import("./report-in-pages");
const WishesPage = lazy(() => wishes().then((m) => ({ default: m.WishesPage })));
const WishPostPage = lazy(() => wishes().then((m) => ({ default: m.WishPostPage })));
const WishPage = lazy(() => wishes().then((m) => ({ default: m.WishPage })));
const ActivitiesPage = lazy(() => service().then((m) => ({ default: m.ActivitiesPage })));
const ActivityPage = lazy(() => service().then((m) => ({ default: m.ActivityPage })));
const MyServicePage = lazy(() => service().then((m) => ({ default: m.MyServicePage })));
const MyPointsPage = lazy(() => service().then((m) => ({ default: m.MyPointsPage })));
const ReportInPage = lazy(() => reportIn().then((m) => ({ default: m.ReportInPage })));
const MyPairsPage = lazy(() => reportIn().then((m) => ({ default: m.MyPairsPage })));

const ID = "[0-9a-fA-F-]{36}";
const WISH = new RegExp(`^/wishes/(${ID})$`);
const ACTIVITY = new RegExp(`^/volunteer-activities/(${ID})$`);

/** The screen of a path of this part of the phone entry, or null when the path is not one of them. */
export function serveScreen(path: string, me: Me): ReactNode | null {
  const screen = route(path, me);
  if (!screen) return null;
  return (
    <Suspense
      fallback={
        <div className="gz-center">
          <DotLoading color="primary" />
        </div>
      }
    >
      {screen}
    </Suspense>
  );
}

function route(path: string, me: Me): ReactNode | null {
  if (path === "/wishes") return <WishesPage me={me} />;
  if (path === "/wishes/new") return <WishPostPage />;
  const wish = WISH.exec(path);
  if (wish) return <WishPage key={wish[1]} id={wish[1] as string} me={me} />;
  if (path === "/volunteer-activities") return <ActivitiesPage />;
  const activity = ACTIVITY.exec(path);
  if (activity) return <ActivityPage key={activity[1]} id={activity[1] as string} />;
  if (path === "/my-service") return <MyServicePage />;
  if (path === "/my-points") return <MyPointsPage />;
  if (path === "/report-in") return <ReportInPage />;
  if (path === "/my-pairs") return <MyPairsPage />;
  return null;
}

interface Tile {
  key: string;
  path: string;
}

/** The tiles an actor sees: claiming wishes and service for party members and volunteers, posting wishes for residents. */
function tilesFor(me: Me): Tile[] {
  const member = me.roles.includes("party_member");
  const volunteer = me.roles.includes("volunteer");
  const resident = me.roles.includes("resident");
  const claim = can(me, "wishes.claim");
  const tiles: Tile[] = [];
  if (claim) tiles.push({ key: "claimWishes", path: "/wishes" });
  if (resident) tiles.push({ key: "postWish", path: "/wishes/new" }, { key: "myWishes", path: "/wishes?tab=mine" });
  if (member || volunteer || resident) tiles.push({ key: "activities", path: "/volunteer-activities" });
  if (member || volunteer) tiles.push({ key: "myService", path: "/my-service" });
  if (member) {
    tiles.push({ key: "myPoints", path: "/my-points" }, { key: "reportIn", path: "/report-in" }, { key: "myPairs", path: "/my-pairs" });
  }
  return tiles;
}

/** Home tiles for party members, volunteers and residents (nothing for others). */
export function ServeTiles({ me }: { me: Me }) {
  const { t } = useTranslation();
  const tiles = tilesFor(me);
  if (!tiles.length) return null;
  return (
    <div className="gz-card" data-testid="serve-tiles">
      <div className="gz-card-title">
        {t(me.roles.includes("resident") && tiles.length <= 3 ? "volunteers.m.tilesResident" : "volunteers.m.tiles")}
      </div>
      <div className="gz-tiles">
        {tiles.map((tile) => (
          <button key={tile.key} type="button" className="gz-tile" onClick={() => navigate(tile.path)} data-testid={`tile-${tile.key}`}>
            <span className="gz-tile-icon" aria-hidden>
              {t(`volunteers.m.tileMark.${tile.key}`)}
            </span>
            {t(`volunteers.m.tile.${tile.key}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
