"""Report writer: scheduled daily and weekly reports in Slack channels, with a chart and the reasons behind
every item at risk."""

from agents.reports.agent import Reports

__all__ = ["Reports"]
