//! The company calendar: the administrator keeps holidays and make-up days (调休), everyone
//! asks "N working days after D".

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use jiyuan_crm::auth::policy::Role;
use serde_json::json;

use crate::both;
use crate::common::{field_codes, Resp, TestApp};

/// 2025 Spring Festival: 1月28日–2月4日 off, Sunday 26 January and Saturday 8 February worked.
fn spring_festival_2025() -> serde_json::Value {
    json!({"days": [
        {"date": "2025-01-26", "kind": "workday", "name": "春节调休"},
        {"date": "2025-01-28", "kind": "holiday", "name": "春节"},
        {"date": "2025-01-29", "kind": "holiday", "name": "春节"},
        {"date": "2025-01-30", "kind": "holiday", "name": "春节"},
        {"date": "2025-01-31", "kind": "holiday", "name": "春节"},
        {"date": "2025-02-03", "kind": "holiday", "name": "春节"},
        {"date": "2025-02-04", "kind": "holiday", "name": "春节"},
        {"date": "2025-02-08", "kind": "workday", "name": "春节调休"}
    ]})
}

async fn upload(app: &TestApp, token: &str, year: i32, content_type: &str, file: Vec<u8>) -> Resp {
    app.send(
        TestRequest::post()
            .uri(&format!("/api/v1/calendar/{year}/import"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header(("Content-Type", content_type))
            .set_payload(file),
    )
    .await
}

both!(
    the_calendar_drives_working_day_arithmetic,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, salesman) = app.as_role("s1", &[Role::Salesman]).await;
        let r = app
            .call(
                actix_web::http::Method::PUT,
                "/api/v1/calendar/2025",
                Some(&admin),
                Some(spring_festival_2025()),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // 261 weekdays in 2025, 6 of them off, 2 weekend days worked.
        assert_eq!(r.body["working_days"], 257);
        let r = app.get("/api/v1/calendar/2025", &salesman).await;
        assert_eq!(r.body["days"].as_array().unwrap().len(), 8, "{r:?}");

        let ask = |from: &'static str, add: u32| {
            let salesman = salesman.clone();
            let app = &app;
            async move {
                app.get(
                    &format!("/api/v1/calendar/working-days?from={from}&add={add}"),
                    &salesman,
                )
                .await
                .body
            }
        };
        // (from, add, date)
        for (from, add, want) in [
            ("2025-01-24", 1, "2025-01-26"),
            ("2025-01-27", 1, "2025-02-05"),
            ("2025-01-27", 3, "2025-02-07"),
            ("2025-02-07", 1, "2025-02-08"),
            ("2025-02-07", 2, "2025-02-10"),
            ("2025-01-30", 0, "2025-02-05"),
        ] {
            assert_eq!(ask(from, add).await["date"], want, "{from} + {add}");
        }
        let r = ask("2025-01-28", 0).await;
        assert_eq!(
            (r["from_is_working_day"].clone(), r["from_name"].clone()),
            (json!(false), json!("春节"))
        );

        // A holiday on a Saturday changes nothing: refused, naming the item.
        let r = app
            .call(
                actix_web::http::Method::PUT,
                "/api/v1/calendar/2025",
                Some(&admin),
                Some(json!({"days": [{"date": "2025-02-01", "kind": "holiday"}]})),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [(
                "days[0].date".to_string(),
                "calendar.weekend_holiday".to_string()
            )]
        );
        // Only the administrator keeps the calendar.
        let r = app
            .call(
                actix_web::http::Method::PUT,
                "/api/v1/calendar/2025",
                Some(&salesman),
                Some(spring_festival_2025()),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
);

both!(
    a_year_is_imported_from_csv_or_xlsx_all_or_nothing,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let csv = "日期,类型,名称\n2026-01-01,放假,元旦\n2026-01-02,休息一下,元旦\n2026-01-04,上班,元旦调休\n";
        let r = upload(&app, &admin, 2026, "text/csv", csv.as_bytes().to_vec()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
        assert_eq!(
            field_codes(&r),
            [("rows[3].kind".to_string(), "invalid".to_string())]
        );
        assert_eq!(
            app.get("/api/v1/calendar/2026", &admin).await.body["days"],
            json!([]),
            "nothing written"
        );
        let csv = "\u{feff}日期,类型,名称\n2026/1/1,放假,元旦\n2026-01-02,放假,元旦\n2026-01-04,上班,元旦调休\n";
        let r = upload(&app, &admin, 2026, "text/csv", csv.as_bytes().to_vec()).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            r.body["days"],
            json!([
                {"date": "2026-01-01", "kind": "holiday", "name": "元旦"},
                {"date": "2026-01-02", "kind": "holiday", "name": "元旦"},
                {"date": "2026-01-04", "kind": "workday", "name": "元旦调休"}
            ])
        );

        // The same from an .xlsx replaces the year's list; a weekday "workday" is named by row.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in [
            ["日期", "类型", "名称"],
            ["2026-10-01", "holiday", "国庆节"],
            ["2026-10-09", "workday", "国庆调休"],
        ]
        .iter()
        .enumerate()
        {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
        let xlsx = book.save_to_buffer().unwrap();
        let r = upload(
            &app,
            &admin,
            2026,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx,
        )
        .await;
        assert_eq!(
            field_codes(&r),
            [(
                "rows[3].date".to_string(),
                "calendar.weekday_workday".to_string()
            )],
            "9 October 2026 is a Friday"
        );
        let audit = app
            .get("/api/v1/audit-events?action=calendar.import", &admin)
            .await;
        assert_eq!(
            audit.body["items"].as_array().map(Vec::len),
            Some(1),
            "{audit:?}"
        );
        assert_eq!(
            audit.body["items"][0]["after"]["days"][2]["name"],
            "元旦调休"
        );
        let (_, planning) = app.as_role("plan", &[Role::Planning]).await;
        let r = upload(
            &app,
            &planning,
            2026,
            "text/csv",
            b"2026-01-01,holiday,x".to_vec(),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
);

both!(
    hostile_workbooks_are_refused_and_the_server_keeps_serving,
    |app: TestApp| async move {
        use crate::hostile::{self, Refusal};
        const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        let admin = app.admin().await;
        for case in hostile::cases() {
            let started = std::time::Instant::now();
            let r = upload(&app, &admin, 2026, XLSX, case.bytes).await;
            let name = case.name;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {r:?}");
            let codes = field_codes(&r);
            let message = r.body["errors"][0]["message"].as_str().unwrap_or("");
            match case.refusal {
                Refusal::TooLarge(text) => {
                    assert_eq!(
                        codes,
                        [("file".to_string(), "import.too_large".to_string())],
                        "{name}: {r:?}"
                    );
                    assert!(message.contains(text), "{name}: {message}");
                }
                Refusal::NotXlsx => assert_eq!(
                    codes,
                    [("file".to_string(), "invalid".to_string())],
                    "{name}: {r:?}"
                ),
                Refusal::Either => {}
            }
            eprintln!("{name}: {:?} → {codes:?}: {message}", started.elapsed());
        }
        // The calendar's own bound: a thousand rows, in a workbook or a CSV.
        let r = upload(
            &app,
            &admin,
            2026,
            "text/csv",
            "\n".repeat(1_001).into_bytes(),
        )
        .await;
        assert_eq!(
            field_codes(&r),
            [("file".to_string(), "import.too_large".to_string())],
            "{r:?}"
        );

        // Nothing was written, and a sane file is still imported.
        let r = app.get("/api/v1/calendar/2026", &admin).await;
        assert_eq!(r.body["days"], json!([]), "{r:?}");
        let r = upload(&app, &admin, 2026, XLSX, hostile::sane()).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["days"][0]["name"], "元旦");
        if let Some(mb) = hostile::peak_memory_mb() {
            eprintln!("peak memory: {mb} MB");
            assert!(mb < 1024, "the test process peaked at {mb} MB");
        }
    }
);
