// Only the parts of Apache ECharts the grid map uses; this module is loaded on demand, never with the console's first page.
import { LinesChart, ScatterChart } from "echarts/charts";
import { GeoComponent, TooltipComponent } from "echarts/components";
import { init, registerMap, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([LinesChart, ScatterChart, GeoComponent, TooltipComponent, CanvasRenderer]);

export type { ECharts } from "echarts/core";
export { init, registerMap };
