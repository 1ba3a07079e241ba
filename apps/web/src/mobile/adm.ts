// The antd-mobile components the phone entry uses, imported one by one so that the
// package index (which pulls in every component and its styles) stays out of the bundle.
import "antd-mobile/es/global";

export { default as Button } from "antd-mobile/es/components/button";
export { default as ConfigProvider } from "antd-mobile/es/components/config-provider";
export { default as DotLoading } from "antd-mobile/es/components/dot-loading";
export { default as ErrorBlock } from "antd-mobile/es/components/error-block";
export { default as Input } from "antd-mobile/es/components/input";
export { default as List } from "antd-mobile/es/components/list";
export { default as NavBar } from "antd-mobile/es/components/nav-bar";
export { default as SearchBar } from "antd-mobile/es/components/search-bar";
export { default as Skeleton } from "antd-mobile/es/components/skeleton";
export { default as Tag } from "antd-mobile/es/components/tag";
