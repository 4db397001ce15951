"""QA pages, one module per part: forms, evaluations and disputes, sampling, calibration."""
